"""The HTML pages, one module per page; each only gathers input and renders a service's answer."""
