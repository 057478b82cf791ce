// Measures the drawings of a page as Chromium laid them out (tests/drawing/test_browser.py).
(function () {
  var out = {nodes: 0, texts: 0, labels: 0, problems: []};
  function box(el) { var r = el.getBoundingClientRect();
    return {x: r.left, y: r.top, w: r.width, h: r.height}; }
  function inside(a, b, t) { return a.x >= b.x - t && a.y >= b.y - t &&
    a.x + a.w <= b.x + b.w + t && a.y + a.h <= b.y + b.h + t; }
  function overlap(a, b) { return a.x < b.x + b.w - 0.5 && b.x < a.x + a.w - 0.5 &&
    a.y < b.y + b.h - 0.5 && b.y < a.y + a.h - 0.5; }
  document.querySelectorAll('svg').forEach(function (svg, s) {
    var nodes = [];
    svg.querySelectorAll('.sfn-node, .sfn-terminal').forEach(function (n) {
      var rect = n.querySelector(':scope > rect'); if (!rect) return;
      var b = box(rect); b.name = s + ':' + n.getAttribute('data-state'); nodes.push(b);
      out.nodes++;
      // badges (retries, counts, outcome icons) sit on the corner on purpose
      var texts = ':scope > text.sfn-name, :scope > text.sfn-detail, .sfn-terminal > text';
      n.querySelectorAll(texts).forEach(function (t) {
        out.texts++;
        if (!inside(box(t), b, 1.5)) {
          out.problems.push('text outside ' + b.name + ': ' + t.textContent);
        }
      });
    });
    nodes.forEach(function (a, i) { nodes.slice(i + 1).forEach(function (b) {
      if (overlap(a, b) && !inside(a, b, 0.5) && !inside(b, a, 0.5))
        out.problems.push('boxes overlap: ' + a.name + ' / ' + b.name);
    }); });
    var leaves = nodes.filter(function (a) {
      return !nodes.some(function (b) { return b !== a && inside(b, a, 0.5); }); });
    var labels = [];
    svg.querySelectorAll('.sfn-edge-label').forEach(function (g) {
      var rect = g.querySelector('rect'), text = g.querySelector('text'); if (!rect) return;
      var b = box(rect); b.name = s + ':label ' + (text ? text.textContent : ''); labels.push(b);
      out.labels++;
      if (text && !inside(box(text), b, 1.5)) out.problems.push('text outside ' + b.name);
      leaves.forEach(function (n) {
        if (overlap(b, n)) out.problems.push(b.name + ' over ' + n.name);
      });
    });
    labels.forEach(function (a, i) { labels.slice(i + 1).forEach(function (b) {
      if (overlap(a, b)) out.problems.push('labels overlap: ' + a.name + ' / ' + b.name); }); });
  });
  var pre = document.createElement('pre'); pre.id = 'sfn-check';
  pre.textContent = JSON.stringify(out); document.body.appendChild(pre);
})();
