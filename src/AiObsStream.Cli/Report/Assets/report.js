// AiObsStream report: draws each chart of #report-data with uPlot, a table fallback per chart, and records for the
// browser test what was drawn: data-points on each figure (values drawn), data-rendered, and every script error (window
// errors and console.error) in #script-errors and body[data-errors].
(function () {
  'use strict';
  var errors = [];
  function fail(msg) {
    errors.push(String(msg));
    document.body.setAttribute('data-errors', String(errors.length));
    var list = document.getElementById('script-errors');
    if (list) {
      var li = document.createElement('li');
      li.textContent = String(msg);
      list.appendChild(li);
      document.getElementById('errors-section').hidden = false;
    }
  }
  window.addEventListener('error', function (e) { fail('error: ' + e.message + ' at ' + e.filename + ':' + e.lineno); });
  window.addEventListener('unhandledrejection', function (e) { fail('unhandled rejection: ' + e.reason); });
  var consoleError = console.error;
  console.error = function () {
    fail('console.error: ' + Array.prototype.slice.call(arguments).join(' '));
    return consoleError.apply(console, arguments);
  };
  document.body.setAttribute('data-errors', '0');

  var palette = ['#4e79a7', '#f28e2b', '#e15759', '#59a14f', '#b07aa1', '#76b7b2', '#edc948', '#9c755f', '#ff9da7', '#8cd17d', '#86bcb6', '#d37295'];
  var css = getComputedStyle(document.documentElement);
  function v(name) { return css.getPropertyValue(name).trim(); }
  var axisColor = v('--axis'), gridColor = v('--grid'), bandFill = v('--band') || 'rgba(78, 121, 167, 0.18)';

  function fmt(x) {
    if (x == null || !isFinite(x)) { return ''; }
    var a = Math.abs(x);
    if (a >= 1e6) { return (x / 1e6).toFixed(2) + 'M'; }
    if (a >= 1e4) { return (x / 1e3).toFixed(1) + 'k'; }
    if (a >= 100) { return x.toFixed(0); }
    if (a >= 1) { return x.toFixed(2); }
    return x.toPrecision(3);
  }
  function utc(s) { return new Date(s * 1000).toISOString().replace('T', ' ').slice(0, 19); }

  // 24-hour UTC tick labels; the date is added when the chart spans more than a day.
  function timeTicks(u, splits) {
    var span = u.scales.x.max - u.scales.x.min;
    return splits.map(function (s) {
      var t = utc(s);
      return span > 86400 ? t.slice(5, 16) : span < 600 ? t.slice(11, 19) : t.slice(11, 16);
    });
  }

  // Vertical marks (rollouts, rollbacks, incidents) drawn over the plot area.
  function marksPlugin(marks) {
    return {
      hooks: {
        draw: [function (u) {
          var ctx = u.ctx, r = uPlot.pxRatio, b = u.bbox;
          ctx.save();
          ctx.font = (11 * r) + 'px system-ui, sans-serif';
          ctx.textAlign = 'left'; // uPlot leaves the axes' alignment on the context
          ctx.textBaseline = 'alphabetic';
          ctx.lineWidth = 1.5 * r;
          var rows = [-1e9, -1e9, -1e9];
          marks.forEach(function (m) {
            var x = Math.round(u.valToPos(m.t, 'x', true));
            if (x < b.left || x > b.left + b.width) { return; }
            var color = v('--mark-' + m.kind) || axisColor;
            ctx.strokeStyle = color;
            ctx.fillStyle = color;
            ctx.setLineDash([5 * r, 4 * r]);
            ctx.beginPath();
            ctx.moveTo(x, b.top);
            ctx.lineTo(x, b.top + b.height);
            ctx.stroke();
            // Labels go on the first of three rows where they do not overlap the previous one; a label that fits
            // nowhere is left out of the plot (every mark is listed under the chart).
            var w = ctx.measureText(m.label).width;
            var tx = x + 4 * r + w > b.left + b.width ? x - 4 * r - w : x + 4 * r;
            for (var row = 0; row < rows.length; row++) {
              if (tx > rows[row] + 6 * r) {
                ctx.fillText(m.label, tx, b.top + (12 + 13 * row) * r);
                rows[row] = tx + w;
                break;
              }
            }
          });
          ctx.restore();
        }],
      },
    };
  }

  function table(chart, holder) {
    var t = document.createElement('table');
    var cap = document.createElement('caption');
    cap.textContent = chart.title + (chart.unit ? ' (' + chart.unit + ')' : '');
    t.appendChild(cap);
    var head = document.createElement('tr');
    ['time (UTC)'].concat(chart.series.map(function (s) { return s.label; })).forEach(function (h) {
      var th = document.createElement('th');
      th.scope = 'col';
      th.textContent = h;
      head.appendChild(th);
    });
    var thead = document.createElement('thead');
    thead.appendChild(head);
    t.appendChild(thead);
    var body = document.createElement('tbody');
    var max = 500, step = Math.max(1, Math.ceil(chart.x.length / max));
    for (var i = 0; i < chart.x.length; i += step) {
      var tr = document.createElement('tr');
      var cells = [utc(chart.x[i])].concat(chart.series.map(function (s) { return fmt(s.v[i]); }));
      cells.forEach(function (c) { var td = document.createElement('td'); td.textContent = c; tr.appendChild(td); });
      body.appendChild(tr);
    }
    t.appendChild(body);
    holder.appendChild(t);
    if (step > 1) {
      var p = document.createElement('p');
      p.className = 'note';
      p.textContent = 'Every ' + step + 'th point of ' + chart.x.length + ' shown.';
      holder.appendChild(p);
    }
  }

  function padS(chart) { return Math.max(60, (chart.stepMs || 0) / 1000, (chart.bucketMs || 0) / 1000); }

  function draw(chart, fig) {
    var plot = fig.querySelector('.plot');
    var drawn = 0;
    var series = [{ value: function (u, s) { return s == null ? '' : utc(s); } }];
    chart.series.forEach(function (s, i) {
      var n = s.v.filter(function (x) { return x != null; }).length;
      drawn += n;
      series.push({
        label: s.label,
        stroke: palette[i % palette.length],
        width: 1.5,
        dash: /^interval /.test(s.label) ? [4, 4] : undefined,
        spanGaps: false,
        points: { show: n < 40, size: 5 },
        value: function (u, x) { return x == null ? '' : fmt(x) + (chart.unit ? ' ' + chart.unit : ''); },
      });
    });
    var width = Math.max(320, plot.clientWidth || fig.clientWidth - 16);
    var opts = {
      width: width,
      height: 240,
      series: series,
      tzDate: function (ts) { return uPlot.tzDate(new Date(ts * 1e3), 'Etc/UTC'); },
      // One time (a run within one hour, on an hourly chart) would leave uPlot a zero-width time axis: it is fixed to
      // one period either side of that time.
      scales: { x: chart.x.length === 1
        ? { time: true, auto: false, range: [chart.x[0] - padS(chart), chart.x[0] + padS(chart)] }
        : { time: true } },
      axes: [
        { stroke: axisColor, grid: { stroke: gridColor }, ticks: { stroke: gridColor }, values: timeTicks },
        { stroke: axisColor, grid: { stroke: gridColor }, ticks: { stroke: gridColor }, size: 60, values: function (u, vals) { return vals.map(fmt); },
          label: chart.unit, labelSize: 16 },
      ],
      legend: { live: true },
      // A forecast's interval: the band between its upper and lower lines.
      bands: (chart.bands || []).map(function (b) { return { series: b, fill: bandFill }; }),
      plugins: [marksPlugin(chart.markers)],
    };
    var data = [chart.x].concat(chart.series.map(function (s) { return s.v; }));
    var u = new uPlot(opts, data, plot);
    fig.setAttribute('data-points', String(drawn));
    fig.setAttribute('data-rendered', '1');
    var status = fig.querySelector('.status');
    var text = drawn + ' values in ' + chart.series.length + ' lines';
    if (chart.bucketMs > 0) { text += '; downsampled: one point per ' + Math.round(chart.bucketMs / 1000) + ' s'; }
    status.textContent = text + '.';
    if (chart.markers.length) {
      var marks = document.createElement('p');
      marks.className = 'marks';
      chart.markers.forEach(function (m) {
        var span = document.createElement('span');
        span.className = 'k-' + m.kind;
        span.textContent = '┊ ' + utc(m.t).slice(11, 19) + ' ' + m.label;
        marks.appendChild(span);
        marks.appendChild(document.createTextNode(' '));
      });
      fig.insertBefore(marks, status);
    }
    table(chart, fig.querySelector('.tbl'));
    return u;
  }

  var plots = [];
  try {
    var data = JSON.parse(document.getElementById('report-data').textContent);
    data.charts.forEach(function (chart, i) {
      var fig = document.getElementById('chart-' + i);
      if (!fig) { fail('no figure for chart ' + i + ' (' + chart.id + ')'); return; }
      try {
        plots.push({ u: draw(chart, fig), fig: fig });
      } catch (e) {
        fail('chart ' + chart.id + ': ' + (e && e.stack || e));
      }
    });
    document.body.setAttribute('data-charts', String(data.charts.length));
  } catch (e) {
    fail('report data: ' + (e && e.stack || e));
  }

  var resizeTimer = 0;
  window.addEventListener('resize', function () {
    clearTimeout(resizeTimer);
    resizeTimer = setTimeout(function () {
      plots.forEach(function (p) {
        var w = Math.max(320, p.fig.querySelector('.plot').clientWidth);
        if (Math.abs(w - p.u.width) > 4) { p.u.setSize({ width: w, height: 240 }); }
      });
    }, 150);
  });

  var copy = document.getElementById('copy-summary');
  if (copy) {
    copy.addEventListener('click', function () {
      var text = document.getElementById('summary-text').textContent;
      if (navigator.clipboard) {
        navigator.clipboard.writeText(text).then(function () { copy.textContent = 'Copied'; }, function () { copy.textContent = 'Select the text to copy'; });
      }
    });
  }
  document.body.setAttribute('data-ready', '1');
})();
