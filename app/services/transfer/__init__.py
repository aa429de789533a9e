"""Import and export of tables (CSV/XLSX): the shared machinery (``tables``), the streaming bulk path
(``bulk``), one module per table kind (``kinds``) and the use cases of the command line and the
File menu (``files``). Above the tabs: a kind may use its tab's rules.
"""
