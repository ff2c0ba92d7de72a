"""Referral pages, one module per audience: frontline staff, citizens, the broker, and initiatives'
contacts.
"""
