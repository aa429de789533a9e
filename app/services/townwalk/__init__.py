"""Town walks (まちあるき研修): routes and their stops (``routes``), checklist templates
(``templates``), walks and their people (``walks``), field mode (``field``), coverage of a fiscal
year, the route maps and the PDF reports. Imports no other tab's services.
"""
