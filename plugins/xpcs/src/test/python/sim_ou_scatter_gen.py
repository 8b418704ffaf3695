# Evidence for PeerResultFitTest.NOISY_RINGS: τc scatter of sim_ou_128-like runs over independent realisations.
# Usage: python3 sim_ou_scatter_gen.py OUT 2000 128 SEED  (numpy port of shared/bench/xpcs/gen_xpcs.py, same model)
# numpy port of /work/shared/bench/xpcs/gen_xpcs.py (same model; numpy RNG), for extra realisations
import sys, os, json, numpy as np, h5py
out=sys.argv[1]; N=int(sys.argv[2]); H=W=int(sys.argv[3]); seed=int(sys.argv[4])
rng=np.random.default_rng(seed)
os.makedirs(out+'/raw',exist_ok=True)
scale=H/512.0; cy,cx=H/2.0,W/2.0
yy,xx=np.mgrid[0:H,0:W]; r=np.hypot(yy-cy+0.5,xx-cx+0.5)
r_in,r_out,n_dyn,n_sub=20*scale,220*scale,10,4
edges=np.linspace(r_in,r_out,n_dyn*n_sub+1)
sq=np.digitize(r,edges); sq[(r<r_in)|(r>=r_out)]=0
dq=np.where(sq>0,(sq-1)//n_sub+1,0); mask=(sq>0).astype(np.int32)
mask[:,int(cx)+5]=0; mask[int(cy)-40,:]=0; sq=sq*mask; dq=dq*mask
r_cent=np.array([(edges[k*n_sub]+edges[(k+1)*n_sub])/2 for k in range(n_dyn)])
tau_k=500.0*(r_cent[0]/r_cent)**2; c=np.sqrt(0.3)
tau_pix=np.full((H,W),tau_k[-1])
for k in range(n_dyn): tau_pix[np.floor((r-r_in)/((r_out-r_in)/n_dyn)).astype(int)==k]=tau_k[k]
tau_pix[r<r_in]=tau_k[0]
I0=(3.0*(r_cent[0]/np.maximum(r,r_in))**1.5+0.05).ravel()
a=np.exp(-1.0/tau_pix).ravel(); s=np.sqrt(1-a*a)
E=rng.standard_normal((2,H*W))/np.sqrt(2)
data=np.empty((N,H*W),np.uint8)
for i in range(N):
  E=a*E+s*rng.standard_normal((2,H*W))/np.sqrt(2)
  lam=I0*(c*(E[0]**2+E[1]**2)+(1-c))
  data[i]=np.minimum(rng.poisson(lam),255)
with h5py.File(out+'/raw/SIM_OU_02000f_128x128.h5','w') as f: f.create_dataset('/entry/data/data',data=data.reshape(N,H,W),chunks=(1,H,W))
with h5py.File(out+'/qmap.h5','w') as f:
  f['/qmap/dynamic_roi_map']=dq.astype(np.uint32); f['/qmap/static_roi_map']=sq.astype(np.uint32); f['/qmap/mask']=mask
json.dump({'tau_c_frames':tau_k.tolist(),'beta':0.3},open(out+'/truth.json','w'))
