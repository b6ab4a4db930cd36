# Print flufl.bounce's own expected results for its corpus as JSON: [{"file", "recipients", "temporary"}].
# Reads the DATA table from the installed package's testing/helpers.py without importing it (it needs nose2).
import ast, json, sys
source = open(sys.argv[1]).read()
tree = ast.parse(source)
for node in tree.body:
    if isinstance(node, ast.Assign) and any(getattr(t, 'id', None) == 'DATA' for t in node.targets):
        data = ast.literal_eval(node.value)
out = []
for row in data:
    out.append({"detector": row[0], "file": row[1], "recipients": [r.decode() for r in row[2]], "temporary": bool(row[3]) if len(row) > 3 else False})
print(json.dumps(out))
