"""Write (pure): facts into Swedish words, press texts and chart specs.

``sv`` (numbers, genitives, dates by hand), ``text`` and ``corrections`` (the press
text and how it keeps itself up to date), ``charts`` and ``figures`` (Vega-Lite specs,
descriptions and tables).
"""
