"""Talking to the network: the one retrying HTTP policy (http.py), shared by the
Kolada client and the CMS publisher."""
