"""A real WordPress for tests/publish/test_wordpress_real.py (server.py, proxy.py, PHP scripts)."""
