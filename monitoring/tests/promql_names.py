"""Metric names and label matchers used by a PromQL expression, found with a small tokenizer
(strings, label matchers, ranges, keywords and function calls are told apart).

    >>> sorted(m for m, _ in metric_selectors('sum by (route) (rate(a_total{x="1"}[5m])) / on (job) b'))
    ['a_total', 'b']
"""
import re

_IDENT = re.compile(r"[a-zA-Z_:][a-zA-Z0-9_:]*")
_LABEL_LIST_KEYWORDS = {"by", "without", "on", "ignoring", "group_left", "group_right"}
_KEYWORDS = {"and", "or", "unless", "bool", "offset", "inf", "nan", "atan2", "start", "end"}
# Aggregation operators may be followed by `by (...)` instead of their argument list.
_AGGREGATIONS = {"sum", "min", "max", "avg", "group", "stddev", "stdvar", "count", "count_values", "bottomk",
                 "topk", "quantile", "limitk", "limit_ratio"}

# Grafana's placeholders, replaced by values PromQL accepts.
GRAFANA_SUBSTITUTIONS = [
    (re.compile(r"\$__rate_interval|\$\{__rate_interval\}"), "5m"),
    (re.compile(r"\$__interval|\$\{__interval\}"), "1m"),
    (re.compile(r"\$__range|\$\{__range\}"), "1h"),
    (re.compile(r"\$\{[a-zA-Z_][a-zA-Z0-9_]*(:[a-z]+)?\}|\$[a-zA-Z_][a-zA-Z0-9_]*"), ".*"),
]


def substitute_grafana(expr):
    for pattern, value in GRAFANA_SUBSTITUTIONS:
        expr = pattern.sub(value, expr)
    return expr


def _skip_string(expr, i):
    quote = expr[i]
    i += 1
    while i < len(expr) and expr[i] != quote:
        i += 2 if expr[i] == "\\" and quote != "`" else 1
    return i + 1


def _matchers(body):
    """Label names of a `{...}` matcher list, and the metric name of a __name__="..." matcher."""
    labels, name = set(), None
    for m in re.finditer(r'([a-zA-Z_][a-zA-Z0-9_]*)\s*(=~|!~|!=|=)\s*("(?:[^"\\]|\\.)*"|\'(?:[^\'\\]|\\.)*\'|`[^`]*`)', body):
        if m.group(1) == "__name__":
            if m.group(2) == "=":
                name = m.group(3)[1:-1]
        else:
            labels.add(m.group(1))
    return labels, name


def metric_selectors(expr):
    """Yields (metric name, set of label names in its matchers) for every selector in `expr`."""
    i, n = 0, len(expr)
    while i < n:
        c = expr[i]
        if c in "\"'`":
            i = _skip_string(expr, i)
        elif c == "#":
            while i < n and expr[i] != "\n":
                i += 1
        elif c == "[":
            i = expr.index("]", i) + 1
        elif c == "{":
            close = _find_close(expr, i)
            labels, name = _matchers(expr[i + 1:close])
            if name:
                yield name, labels
            i = close + 1
        elif c.isdigit() or (c == "." and i + 1 < n and expr[i + 1].isdigit()):
            while i < n and (expr[i].isalnum() or expr[i] in "._"):
                i += 1
        elif _IDENT.match(c):
            m = _IDENT.match(expr, i)
            word, i = m.group(0), m.end()
            j = i
            while j < n and expr[j].isspace():
                j += 1
            nxt = expr[j] if j < n else ""
            if word in _LABEL_LIST_KEYWORDS:
                if nxt == "(":
                    i = expr.index(")", j) + 1
            elif word.lower() in _KEYWORDS:
                if word == "offset":  # its duration is not a name
                    m2 = re.compile(r"\s*-?[0-9a-zA-Z]+").match(expr, i)
                    i = m2.end() if m2 else i
            elif nxt == "(" or word in _AGGREGATIONS:
                pass  # a function or aggregation
            else:
                labels = set()
                if nxt == "{":
                    close = _find_close(expr, j)
                    labels, _ = _matchers(expr[j + 1:close])
                    i = close + 1
                yield word, labels
        else:
            i += 1


def _find_close(expr, i):
    j = i + 1
    while j < len(expr) and expr[j] != "}":
        j = _skip_string(expr, j) if expr[j] in "\"'`" else j + 1
    return j


def label_values_query(query):
    """Grafana's label_values(metric{...}, label) -> (metric, label); None for other queries."""
    m = re.match(r"\s*label_values\(\s*([a-zA-Z_:][a-zA-Z0-9_:]*)(\{[^}]*\})?\s*,\s*([a-zA-Z_][a-zA-Z0-9_]*)\s*\)\s*$", query)
    return (m.group(1), m.group(3), m.group(2) or "") if m else None
