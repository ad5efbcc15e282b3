"""Browser layer of Traject: binds the domain package to the page and to localStorage."""
