"""A real WordPress for tests/test_wordpress_real.py (server.py, proxy.py, PHP scripts)."""
