# Usage: python3 sim_ou_scatter.py shared 1 2 ... (seeds made by sim_ou_scatter_gen.py into /tmp/xpcsacc_simSEED)
# Exact linear-delay g2 (symmetric normalisation, static sub-bins) with the ratio (delta-method) error; prints the
# b=1 weighted fit error of τc per ring (its sqrt(chi2r)-widened σ) and the rms pull of g2 against the truth.
import h5py, numpy as np, json, sys, os
from scipy.optimize import curve_fit
D=np.array([1,2,3,4,5,6,7,8,10,12,14,16,20,24,28,32,40,48,56,64,80,96,112,128,160,192,224,256,320,384,448,512,640,768,896,1024,1280],int)
def m2(t,be,tc): return 1+be*np.exp(-2*t/tc)
allp=[];allt=[]
for seed in sys.argv[1:]:
  out='/tmp/xpcsacc_sim%s'%seed
  if seed=='shared': out='/work/shared/data/xpcs/sim_ou_128'
  tr=json.load(open(out+'/truth.json')); tau=np.array(tr['tau_c_frames'])
  x=h5py.File(out+'/raw/SIM_OU_02000f_128x128.h5','r')['/entry/data/data'][()].astype(np.float32)
  qm=h5py.File(out+'/qmap.h5','r'); dq=qm['/qmap/dynamic_roi_map'][()].ravel(); sq=qm['/qmap/static_roi_map'][()].ravel()
  sel=np.nonzero(sq>0)[0]; X=x.reshape(2000,-1)[:,sel]; dqs=dq[sel]; sqs=sq[sel]
  X=X/X.mean(1,keepdims=True)
  g=np.zeros((len(D),10)); e=np.zeros((len(D),10))
  for k,t in enumerate(D):
    G=(X[:-t]*X[t:]).mean(0); P=X[:-t].mean(0); F=X[t:].mean(0)
    for q in range(1,11):
      vals=[];var=0; subs=np.unique(sqs[dqs==q])
      for s in subs:
        m=sqs==s; Gb,Pb,Fb=G[m].mean(),P[m].mean(),F[m].mean(); gs=Gb/(Pb*Fb); vals.append(gs)
        u=G[m]/(Pb*Fb)-gs*(P[m]/Pb+F[m]/Fb)
        var+=u.var(ddof=1)/m.sum()
      g[k,q-1]=np.mean(vals); e[k,q-1]=np.sqrt(var)/len(subs)
  res=[]; 
  for q in range(10):
    p,c=curve_fit(m2,D,g[:,q],p0=[0.3,tau[q]],sigma=e[:,q],absolute_sigma=True)
    r=(g[:,q]-m2(D,*p))/e[:,q]; chi=np.sum(r**2)/35
    res.append('%+5.1f%%(%.1f)'%(100*(p[1]/tau[q]-1),100*np.sqrt(c[1,1]*max(1,chi))/tau[q]))
  allt.append([0]); allp.append((g-(1+0.3*np.exp(-2*D[:,None]/tau[None,:])))/e)
  print('seed',seed,'delta-method err fit:',' '.join(res),flush=True)
r=np.sqrt((np.array(allp)**2).mean(0))
for k in [0,7,15,23,27,31,36]: print(int(D[k]),' '.join('%4.1f'%x for x in r[k]))
