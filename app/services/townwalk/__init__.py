"""Town walks (まちあるき研修): routes, stops and checklist templates (``routes``), walks and their people
(``walks``), field mode (``field``), coverage of a fiscal year, the route maps and the PDF reports.
Imports no other tab's services.
"""
