import json, sys, collections
# Shares of managed running samples by area: the first matching area on a stack wins (most specific first).
d = json.load(open(sys.argv[1])); areas = [a.split('=',1) for a in sys.argv[2:]]
fr = [f['name'] for f in d['shared']['frames']]; cpu = fr.index('CPU_TIME')
tot = collections.Counter(); total = 0
for p in d['profiles']:
    stack=[]; opened=[]
    for e in p['events']:
        if e['type']=='O': stack.append(e['frame']); opened.append(e['at'])
        else:
            f=stack.pop(); t0=opened.pop()
            if f!=cpu: continue
            dt=e['at']-t0; names=[fr[i] for i in stack]; total+=dt
            for label, pat in areas:
                if any(pat in n for n in names): tot[label]+=dt; break
            else: tot['other']+=dt
print(f"samples (ms) {total:.0f}")
for k,v in tot.most_common(): print(f"{v/total*100:5.1f}%  {k}")
