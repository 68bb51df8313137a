"""Views of the campaigns app, one module per concern; urls in campaigns/urls.py."""
