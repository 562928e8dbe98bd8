import { createHash } from 'node:crypto'

/**
 * The interactive reference at /docs: one self-contained page that reads /openapi.json and renders
 * it in the browser (operations by tag, their parameters and schemas, a form that sends a request
 * with an API key typed into the page). Nothing is loaded from elsewhere, and the Content-Security-
 * Policy holds the page to its own inline script and style (by hash) and to this hub for requests.
 */

const STYLE = String.raw`
:root { --fg: #1d2330; --muted: #5d6675; --line: #dde1e7; --bg: #f7f8fa; --accent: #2456c7; }
* { box-sizing: border-box; }
body { margin: 0; font: 14px/1.45 system-ui, -apple-system, "Segoe UI", sans-serif; color: var(--fg); background: var(--bg); }
header { position: sticky; top: 0; z-index: 2; display: flex; flex-wrap: wrap; gap: 8px 16px; align-items: center; padding: 10px 20px; background: #fff; border-bottom: 1px solid var(--line); }
header h1 { font-size: 17px; margin: 0 12px 0 0; }
header input, header select { font: inherit; padding: 4px 6px; border: 1px solid var(--line); border-radius: 4px; }
header input.key { width: 22em; font-family: ui-monospace, monospace; }
main { max-width: 1100px; margin: 0 auto; padding: 12px 20px 60px; }
.intro { color: var(--muted); white-space: pre-line; }
h2 { font-size: 16px; margin: 28px 0 4px; }
h2 + p { margin: 0 0 8px; color: var(--muted); }
details.op { background: #fff; border: 1px solid var(--line); border-radius: 6px; margin: 6px 0; scroll-margin-top: 64px; }
details.op > summary { cursor: pointer; padding: 7px 10px; display: flex; gap: 10px; align-items: baseline; list-style: none; }
details.op[open] > summary { border-bottom: 1px solid var(--line); }
.m { display: inline-block; min-width: 58px; text-align: center; font: 600 12px ui-monospace, monospace; color: #fff; border-radius: 3px; padding: 2px 4px; text-transform: uppercase; }
.get { background: #2f7d4f; } .post { background: #2456c7; } .put { background: #8a5a00; } .patch { background: #6b3fa0; } .delete { background: #b3261e; }
.path { font-family: ui-monospace, monospace; font-weight: 600; }
.sum { color: var(--muted); flex: 1; }
.roles { font-size: 12px; color: var(--muted); }
.body { padding: 8px 14px 14px; }
.body h4 { margin: 14px 0 4px; font-size: 13px; }
.desc p { margin: 4px 0; }
code, .mono { font-family: ui-monospace, monospace; font-size: 12.5px; background: #eef1f5; padding: 0 3px; border-radius: 3px; }
table { border-collapse: collapse; width: 100%; }
td, th { text-align: left; vertical-align: top; padding: 4px 8px; border-top: 1px solid var(--line); }
ul.schema { margin: 2px 0; padding-left: 18px; }
ul.schema li { margin: 2px 0; }
.req { color: #b3261e; }
.type { color: #6b3fa0; font-family: ui-monospace, monospace; font-size: 12.5px; }
.c { color: var(--muted); font-size: 12.5px; }
form.try { border-top: 1px dashed var(--line); margin-top: 12px; padding-top: 8px; display: grid; grid-template-columns: 12em 1fr; gap: 6px 10px; align-items: start; }
form.try label { font-family: ui-monospace, monospace; font-size: 12.5px; padding-top: 4px; }
form.try input, form.try textarea, form.try select { font: 12.5px ui-monospace, monospace; padding: 4px 6px; border: 1px solid var(--line); border-radius: 4px; width: 100%; }
form.try textarea { min-height: 8em; }
form.try button { grid-column: 2; justify-self: start; font: inherit; padding: 5px 14px; border: 0; border-radius: 4px; background: var(--accent); color: #fff; cursor: pointer; }
pre.out { grid-column: 1 / -1; margin: 0; max-height: 28em; overflow: auto; background: #1d2330; color: #e8ebf0; padding: 10px; border-radius: 4px; white-space: pre-wrap; }
.hidden { display: none; }
a { color: var(--accent); }
`

const SCRIPT = String.raw`
(function () {
  'use strict';
  var SPEC_URL = '/openapi.json';
  var METHODS = ['get', 'post', 'put', 'patch', 'delete'];
  var spec = null;

  function el(tag, attrs, children) {
    var node = document.createElement(tag);
    if (attrs) for (var k in attrs) {
      if (k === 'text') node.textContent = attrs[k];
      else if (k === 'cls') node.className = attrs[k];
      else node.setAttribute(k, attrs[k]);
    }
    (children || []).forEach(function (c) { if (c != null) node.appendChild(typeof c === 'string' ? document.createTextNode(c) : c); });
    return node;
  }

  // Text with backtick spans as <code>: descriptions are Markdown-ish, shown without parsing HTML.
  function inline(text, tag) {
    var node = el(tag || 'span');
    String(text || '').split(String.fromCharCode(96)).forEach(function (part, i) { node.appendChild(i % 2 ? el('code', { text: part }) : document.createTextNode(part)); });
    return node;
  }
  function rich(text) {
    var box = el('div', { cls: 'desc' });
    String(text || '').split(/\n\n+/).forEach(function (para) { box.appendChild(inline(para, 'p')); });
    return box;
  }

  function refName(ref) { return ref.replace('#/components/schemas/', ''); }
  function resolve(s) { var seen = 0; while (s && s.$ref && seen++ < 20) s = spec.components.schemas[refName(s.$ref)]; return s || {}; }
  function schemaLink(ref) { var name = refName(ref); return el('a', { href: '#schema-' + encodeURIComponent(name), text: name }); }

  function constraints(s) {
    var out = [];
    ['minimum', 'exclusiveMinimum', 'maximum', 'exclusiveMaximum', 'minLength', 'maxLength', 'minItems', 'maxItems', 'pattern', 'format'].forEach(function (k) {
      // A format says what its long generated pattern says.
      if (s[k] !== undefined && !(k === 'maximum' && s[k] >= 9007199254740991) && !(k === 'pattern' && s.format)) out.push(k + ' ' + s[k]);
    });
    if (s['default'] !== undefined) out.push('default ' + JSON.stringify(s['default']));
    if (s.additionalProperties === false) out.push('no other fields');
    return out.join(', ');
  }

  function typeOf(s) {
    if (s.$ref) return schemaLink(s.$ref);
    if (s.enum) return el('span', { cls: 'type', text: s.enum.map(function (v) { return JSON.stringify(v); }).join(' | ') });
    if (s['const'] !== undefined) return el('span', { cls: 'type', text: JSON.stringify(s['const']) });
    if (s.type === 'array') { var a = el('span', { cls: 'type' }, ['array of ']); a.appendChild(s.items ? typeOf(s.items) : document.createTextNode('anything')); return a; }
    if (s.oneOf || s.anyOf || s.allOf) return el('span', { cls: 'type', text: s.oneOf ? 'one of' : s.anyOf ? 'any of' : 'all of' });
    if (Array.isArray(s.type)) return el('span', { cls: 'type', text: s.type.join(' | ') });
    if (s.type === 'object' && s.propertyNames) return el('span', { cls: 'type', text: 'map' });
    return el('span', { cls: 'type', text: s.type || 'anything' });
  }

  function schemaTree(s, depth) {
    var ul = el('ul', { cls: 'schema' });
    if (!s || depth > 8) return ul;
    if (s.description && depth === 0) ul.appendChild(el('li', { cls: 'c', text: s.description }));
    var alts = s.oneOf || s.anyOf || s.allOf;
    if (alts) { alts.forEach(function (alt, i) { var li = el('li', null, ['#' + (i + 1) + ' ', typeOf(alt)]); if (!alt.$ref) li.appendChild(schemaTree(alt, depth + 1)); ul.appendChild(li); }); return ul; }
    if (s.type === 'array' && s.items && !s.items.$ref) return schemaTree(s.items, depth + 1);
    if (s.type === 'object' && s.additionalProperties && typeof s.additionalProperties === 'object') {
      ul.appendChild(el('li', null, ['each value: ', typeOf(s.additionalProperties)]));
    }
    var props = s.properties || {};
    var required = s.required || [];
    Object.keys(props).forEach(function (name) {
      var p = props[name];
      var li = el('li', null, [el('span', { cls: 'mono', text: name }), required.indexOf(name) >= 0 ? el('span', { cls: 'req', text: ' *' }) : null, ' ', typeOf(p)]);
      var c = constraints(p);
      if (c) li.appendChild(el('span', { cls: 'c', text: ' — ' + c }));
      if (p.description) { li.appendChild(el('span', { cls: 'c', text: ' — ' })); li.appendChild(inline(p.description)).className = 'c'; }
      var inner = p.type === 'array' ? p.items : p;
      if (inner && !inner.$ref && (inner.properties || inner.oneOf || inner.anyOf)) li.appendChild(schemaTree(inner, depth + 1));
      ul.appendChild(li);
    });
    return ul;
  }

  // A body to start from: the required fields with a value of their type.
  function example(s, depth) {
    s = resolve(s);
    if (depth > 6) return null;
    if (s['default'] !== undefined) return s['default'];
    if (s.enum) return s.enum[0];
    if (s['const'] !== undefined) return s['const'];
    if (s.oneOf || s.anyOf) return example((s.oneOf || s.anyOf)[0], depth + 1);
    var type = Array.isArray(s.type) ? s.type[0] : s.type;
    if (type === 'object' || s.properties) {
      var o = {};
      (s.required || []).forEach(function (k) { o[k] = example(s.properties[k], depth + 1); });
      return o;
    }
    if (type === 'array') return [];
    if (type === 'integer' || type === 'number') return s.minimum || 0;
    if (type === 'boolean') return false;
    if (type === 'string') return s.format === 'date' ? new Date().toISOString().slice(0, 10) : s.format === 'date-time' ? new Date().toISOString() : s.format === 'uuid' ? '00000000-0000-0000-0000-000000000000' : '';
    return null;
  }

  function credentials() {
    var key = document.getElementById('key').value.trim();
    var headers = {};
    if (key) { if (document.getElementById('scheme').value === 'bearer') headers.Authorization = 'Bearer ' + key; else headers['X-API-Key'] = key; }
    return headers;
  }

  function tryForm(path, method, op) {
    var form = el('form', { cls: 'try' });
    var params = op.parameters || [];
    params.forEach(function (p) {
      form.appendChild(el('label', { text: p.name + (p.required ? ' *' : '') + ' (' + p['in'] + ')' }));
      form.appendChild(el('input', { name: 'p:' + p.name, placeholder: p.schema && p.schema['default'] !== undefined ? String(p.schema['default']) : '' }));
    });
    var content = op.requestBody && op.requestBody.content || null;
    var types = content ? Object.keys(content) : [];
    if (types.length) {
      form.appendChild(el('label', { text: 'Content-Type' }));
      var select = el('select', { name: 'ct' });
      types.forEach(function (t) { select.appendChild(el('option', { value: t, text: t })); });
      form.appendChild(select);
      form.appendChild(el('label', { text: 'body' }));
      var json = content['application/json'];
      form.appendChild(el('textarea', { name: 'body' }, [json && json.schema ? JSON.stringify(example(json.schema, 0), null, 2) : '']));
    }
    var out = el('pre', { cls: 'out hidden' });
    form.appendChild(el('button', { type: 'submit', text: 'Send' }));
    form.appendChild(out);
    form.addEventListener('submit', function (ev) {
      ev.preventDefault();
      var url = path, query = [];
      params.forEach(function (p) {
        var v = form.elements['p:' + p.name].value;
        if (p['in'] === 'path') url = url.replace('{' + p.name + '}', encodeURIComponent(v));
        else if (p['in'] === 'query' && v !== '') query.push(encodeURIComponent(p.name) + '=' + encodeURIComponent(v));
      });
      if (query.length) url += '?' + query.join('&');
      var init = { method: method.toUpperCase(), headers: credentials() };
      if (types.length && form.elements.body.value.trim() !== '') { init.body = form.elements.body.value; init.headers['Content-Type'] = form.elements.ct.value; }
      out.classList.remove('hidden');
      out.textContent = init.method + ' ' + url + ' …';
      var started = performance.now();
      fetch(url, init).then(function (res) {
        return res.text().then(function (text) {
          var shown = text;
          try { shown = JSON.stringify(JSON.parse(text), null, 2); } catch (e) { /* not JSON: as it came */ }
          out.textContent = init.method + ' ' + url + '\n' + res.status + ' ' + res.statusText + ' in ' + Math.round(performance.now() - started) + ' ms\n\n' + shown;
        });
      }, function (err) { out.textContent = 'request failed: ' + err; });
    });
    return form;
  }

  function operationView(path, method, op) {
    var roles = op['x-erphub-roles'] ? op['x-erphub-roles'].join(', ') : op['x-erphub-auth'] === 'none' ? 'no API key' : 'signed by the connection';
    var details = el('details', { cls: 'op', id: 'op-' + (op.operationId || method + path), 'data-search': (method + ' ' + path + ' ' + (op.summary || '') + ' ' + (op.tags || []).join(' ')).toLowerCase() });
    details.appendChild(el('summary', null, [el('span', { cls: 'm ' + method, text: method }), el('span', { cls: 'path', text: path }), el('span', { cls: 'sum', text: op.summary || '' }), el('span', { cls: 'roles', text: roles })]));
    var filled = false;
    details.addEventListener('toggle', function () {
      if (!details.open || filled) return;
      filled = true;
      var body = el('div', { cls: 'body' });
      body.appendChild(rich(op.description));
      var params = op.parameters || [];
      if (params.length) {
        body.appendChild(el('h4', { text: 'Parameters' }));
        var table = el('table', null, [el('tr', null, [el('th', { text: 'name' }), el('th', { text: 'in' }), el('th', { text: 'type' }), el('th', { text: 'rules' })])]);
        params.forEach(function (p) {
          var s = p.schema || {};
          table.appendChild(el('tr', null, [el('td', null, [el('span', { cls: 'mono', text: p.name }), p.required ? el('span', { cls: 'req', text: ' *' }) : null]), el('td', { text: p['in'] }), el('td', null, [typeOf(s)]), el('td', { cls: 'c' }, [inline([constraints(s), p.description || ''].filter(Boolean).join(' — '))])]));
        });
        body.appendChild(table);
      }
      if (op.requestBody) {
        body.appendChild(el('h4', { text: 'Request body' + (op.requestBody.required ? '' : ' (optional)') }));
        if (op.requestBody.description) body.appendChild(rich(op.requestBody.description));
        Object.keys(op.requestBody.content).forEach(function (type) {
          var media = op.requestBody.content[type];
          body.appendChild(el('div', { cls: 'c', text: type }));
          if (media.schema) body.appendChild(media.schema.$ref ? el('div', null, [schemaLink(media.schema.$ref)]) : schemaTree(media.schema, 0));
        });
      }
      body.appendChild(el('h4', { text: 'Responses' }));
      var list = el('ul', { cls: 'schema' });
      Object.keys(op.responses).forEach(function (status) {
        var r = op.responses[status];
        var li = el('li', null, [el('span', { cls: 'mono', text: status }), ' ']);
        if (r.$ref) { var shared = spec.components.responses[r.$ref.split('/').pop()]; li.appendChild(inline(shared.description + ' ')); li.appendChild(schemaLink('#/components/schemas/Error')); }
        else {
          li.appendChild(inline(r.description + ' '));
          var media = r.content && r.content[Object.keys(r.content)[0]];
          if (media && media.schema && media.schema.$ref) li.appendChild(schemaLink(media.schema.$ref));
        }
        list.appendChild(li);
      });
      body.appendChild(list);
      body.appendChild(el('h4', { text: 'Try it' }));
      if (op['x-erphub-auth'] === 'connection-signature') body.appendChild(el('p', { cls: 'c', text: "Sent by an ERP with its connection's signature; the form sends it unsigned." }));
      body.appendChild(tryForm(path, method, op));
      details.appendChild(body);
    });
    return details;
  }

  function render() {
    document.getElementById('title').textContent = spec.info.title + ' ' + spec.info.version;
    document.title = spec.info.title + ' reference';
    var main = document.getElementById('ops');
    main.appendChild(rich(spec.info.description));
    var byTag = {};
    Object.keys(spec.paths).forEach(function (path) {
      METHODS.forEach(function (method) {
        var op = spec.paths[path][method];
        if (!op) return;
        var tag = (op.tags || ['other'])[0];
        (byTag[tag] = byTag[tag] || []).push(operationView(path, method, op));
      });
    });
    (spec.tags || []).forEach(function (tag) {
      if (!byTag[tag.name]) return;
      var section = el('section', { cls: 'tag' }, [el('h2', { id: 'tag-' + tag.name, text: tag.name }), el('p', { text: tag.description || '' })]);
      byTag[tag.name].forEach(function (d) { section.appendChild(d); });
      main.appendChild(section);
    });
    var schemas = el('section', { cls: 'tag' }, [el('h2', { text: 'Schemas' })]);
    Object.keys(spec.components.schemas).forEach(function (name) {
      var d = el('details', { cls: 'op', id: 'schema-' + name, 'data-search': 'schema ' + name.toLowerCase() });
      d.appendChild(el('summary', null, [el('span', { cls: 'path', text: name })]));
      d.appendChild(el('div', { cls: 'body' }, [schemaTree(spec.components.schemas[name], 0)]));
      schemas.appendChild(d);
    });
    main.appendChild(schemas);
    window.addEventListener('hashchange', openTarget);
    openTarget();
  }

  function openTarget() {
    var target = location.hash && document.getElementById(decodeURIComponent(location.hash.slice(1)));
    if (target && target.tagName === 'DETAILS') { target.open = true; target.scrollIntoView(); }
  }

  function filter() {
    var q = document.getElementById('filter').value.trim().toLowerCase();
    document.querySelectorAll('details.op').forEach(function (d) { d.classList.toggle('hidden', q !== '' && d.getAttribute('data-search').indexOf(q) < 0); });
    document.querySelectorAll('section.tag').forEach(function (s) { s.classList.toggle('hidden', !s.querySelector('details.op:not(.hidden)')); });
  }

  var keyInput = document.getElementById('key');
  var schemeSelect = document.getElementById('scheme');
  keyInput.value = sessionStorage.getItem('erphub.key') || '';
  schemeSelect.value = sessionStorage.getItem('erphub.scheme') || 'bearer';
  keyInput.addEventListener('change', function () { sessionStorage.setItem('erphub.key', keyInput.value.trim()); });
  schemeSelect.addEventListener('change', function () { sessionStorage.setItem('erphub.scheme', schemeSelect.value); });
  document.getElementById('filter').addEventListener('input', filter);

  fetch(SPEC_URL).then(function (res) { return res.json(); }).then(function (doc) { spec = doc; render(); }, function (err) {
    document.getElementById('ops').textContent = 'could not load ' + SPEC_URL + ': ' + err;
  });
})();
`

const sha256 = (text: string) => `'sha256-${createHash('sha256').update(text, 'utf8').digest('base64')}'`

export const DOCS_HTML = `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>erphub API reference</title>
<style>${STYLE}</style>
</head>
<body>
<header>
<h1 id="title">erphub API</h1>
<input id="filter" type="search" placeholder="filter: path, summary, tag" aria-label="filter operations">
<select id="scheme" aria-label="how the key is sent"><option value="bearer">Authorization: Bearer</option><option value="header">X-API-Key</option></select>
<input id="key" class="key" type="password" autocomplete="off" placeholder="API key (ehk_…), kept in this tab only" aria-label="API key">
<a href="/openapi.json">/openapi.json</a>
</header>
<main id="ops"></main>
<script>${SCRIPT}</script>
</body>
</html>
`

/** Only this page's own script and style run, and requests go to this hub alone. */
export const DOCS_CSP = [`default-src 'none'`, `script-src ${sha256(SCRIPT)}`, `style-src ${sha256(STYLE)}`, `connect-src 'self'`, `base-uri 'none'`, `form-action 'none'`, `frame-ancestors 'none'`].join('; ')
