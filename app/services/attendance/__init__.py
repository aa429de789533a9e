"""Council attendance (協議会出席): the roster and marking, councils/meetings/staff edited one at a
time, participation per fiscal year, its charts and PDF reports. Imports no other tab's services.
"""
