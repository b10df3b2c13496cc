import json, glob, statistics as st
rows = {}
for f in glob.glob('docs/evidence/issue9/session18/e10-draws/*.json'):
    d = json.load(open(f)); v = d['torchVal']
    rows.setdefault(d['init'], {})[d['seed']] = (v[0]['deadCode'], v[-1]['deadCode'], v[-1]['mse'])
seeds = sorted(set(rows.get('ours', {})) & set(rows.get('torch', {})))
for k in ('ours', 'torch'):
    r = [rows[k][s] for s in seeds]
    print(k, 'n', len(r), 'dead@0 %.2f' % st.mean(x[0] for x in r), 'dead@10 %.2f' % st.mean(x[1] for x in r), 'mse@10 mean %.6f sd %.6f' % (st.mean(x[2] for x in r), st.stdev(x[2] for x in r)))
    print('   ', [(s,) + rows[k][s][1:] for s in seeds])
a = [rows['ours'][s][2] for s in seeds]; b = [rows['torch'][s][2] for s in seeds]
U = sum(1 for x in a for y in b if x > y); print('U(ours draws > torch draws)', U, 'of', len(a) * len(b))
