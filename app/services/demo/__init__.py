"""Sample data for every tab, loaded through the normal import and save paths (``load``).
"""
