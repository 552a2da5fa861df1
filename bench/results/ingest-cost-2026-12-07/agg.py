import json, sys, collections, re
d = json.load(open(sys.argv[1]))
root = sys.argv[2] if len(sys.argv) > 2 else None   # only stacks containing this substring
fr = [f['name'] for f in d['shared']['frames']]
cpu = fr.index('CPU_TIME') if 'CPU_TIME' in fr else -1
incl = collections.Counter(); selfc = collections.Counter(); total = 0
for p in d['profiles']:
    stack = []; opened = []
    for e in p['events']:
        if e['type'] == 'O':
            stack.append(e['frame']); opened.append(e['at'])
        else:
            f = stack.pop(); t0 = opened.pop()
            if f == cpu:
                dt = e['at'] - t0
                names = [fr[i] for i in stack]
                if root and not any(root in n for n in names): continue
                total += dt
                for n in set(names): incl[n] += dt
                if names: selfc[names[-1]] += dt
short = lambda n: re.sub(r'\(.*', '', n)[:170]
print(f"CPU ms total {total:.0f}")
print("--- inclusive")
for n, v in incl.most_common(int(sys.argv[3]) if len(sys.argv) > 3 else 60): print(f"{v/total*100:5.1f}% {short(n)}")
print("--- self")
for n, v in selfc.most_common(30): print(f"{v/total*100:5.1f}% {short(n)}")
