import sys, subprocess, collections, re
f=sys.argv[1]
out=subprocess.run(['perf','script','-i',f,'-F','time,ip,dso'],capture_output=True,text=True).stdout
# records: header "  time:" then callchain lines "ip (dso)"; first callchain line is the leaf
N=collections.Counter(); J=collections.Counter(); C=collections.Counter(); M=collections.Counter()
t0=None; cur=None; leaf=False
for line in out.splitlines():
    s=line.strip()
    if not s: cur=None; continue
    m=re.match(r'^(\d+\.\d+):',s)
    if m:
        t=float(m.group(1)); t0=t0 or t; cur=int((t-t0)//5)*5; leaf=True; N[cur]+=1; continue
    if cur is not None and leaf:
        leaf=False
        if 'clrjit' in s: J[cur]+=1
        elif 'coreclr' in s: C[cur]+=1
        elif 'doublemapper' in s or 'perf-' in s: M[cur]+=1
for b in sorted(N): print(f"t+{b:3d}s samples {N[b]:5d}  jit {J[b]*100/N[b]:4.0f}%  coreclr {C[b]*100/N[b]:4.0f}%  managed {M[b]*100/N[b]:4.0f}%")
