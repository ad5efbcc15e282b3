// Inlined first in every guide page (tools/mkdocs_hooks.py): when the browser blocks storage
// for the site, reading localStorage / sessionStorage throws, and the guide theme's own
// scripts would stop there. They get a storage that lives as long as the page instead.
for (const name of ["localStorage", "sessionStorage"]) {
  try {
    window[name].getItem("traject:probe");
  } catch (error) {
    const items = new Map();
    const memory = {
      getItem: (key) => (items.has(String(key)) ? items.get(String(key)) : null),
      setItem: (key, value) => { items.set(String(key), String(value)); },
      removeItem: (key) => { items.delete(String(key)); },
      clear: () => { items.clear(); },
      key: (index) => [...items.keys()][index] ?? null,
      get length() { return items.size; },
    };
    try {
      Object.defineProperty(window, name, { value: memory, configurable: true });
    } catch (ignored) {
      // not replaceable here: the theme's scripts fail as before, the text still shows
    }
  }
}
