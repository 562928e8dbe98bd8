// The WASM schema engine leaves 10 s / 60 s timers armed after it finishes; unref them so the
// process exits when the diff is printed.
const orig = global.setTimeout
global.setTimeout = function (fn, ms, ...args) {
  const t = orig.call(this, fn, ms, ...args)
  if (ms >= 10000 && t && typeof t.unref === 'function') t.unref()
  return t
}
