"""PDF reports (reportlab, BIZ UDGothic embedded, text extractable), Qt-free.

``fonts`` registers the fonts once and splits text into fallback runs; ``template`` is the page
(header with title and scope, approval box, footer with printed-at, device and "n / N");
``tables`` the ruled tables; one module per report renders plain data to PDF bytes. The
services (``app.services.attendance.reports``) gather the data and write the file.
"""
