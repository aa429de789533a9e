"""The staff list every tab shares: read models and the picker's reading index (``people``) and
finding a person by any form of the staff number (``numbers``). Imports no tab.
"""
