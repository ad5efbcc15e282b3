// Whether the browser lets this site use its storage. Shared by boot.js (which then explains
// it in Dutch and keeps Python from starting) and pyodide-loader.mjs (which then downloads
// nothing): without storage the app could keep nothing.

/** null when localStorage works; otherwise the browser's own problem text (site data blocked,
 *  some private modes and embedded browsers throw on the first access). */
export function storageProblem() {
  try {
    if (!window.localStorage) return "localStorage is not available";
    window.localStorage.getItem("traject:index");
    return null;
  } catch (error) {
    return `${error && error.name}: ${error && error.message}`;
  }
}
