"""The business-improvement survey (業務改善アンケート): definitions, entry (clerk and kiosk), the
proposal workflow, feedback lookup, summaries, the anonymity check and the PDF reports. Imports no
other tab's services.
"""
