/**
 * Centre-of-rotation finding, free of UI. Centres are detector columns in the convention of
 * {@link org.beamlinestudio.tomography.recon.ReconstructionGeometry} (column {@code j} has its centre at {@code j}).
 *
 * <ul>
 *   <li>{@link org.beamlinestudio.tomography.center.Sinogram#read} — one normalised, −log'd sinogram of a source
 *       (what {@code studio find-center FILE --row R} needs).</li>
 *   <li>{@link org.beamlinestudio.tomography.center.CenterFinders} — {@code vo} (robust default, Vo et al. 2014),
 *       {@code phaseCorrelation} (quick, fooled by bad columns), {@code halfAcquisition} (offset axis, full turn),
 *       {@code find(…, AcquisitionMode)}, {@code byName("vo"|"pc"|"360", …)}; each returns a
 *       {@link org.beamlinestudio.tomography.center.CenterEstimate}.</li>
 *   <li>{@link org.beamlinestudio.tomography.center.CenterSweep} — one slice per candidate centre through any
 *       {@code Reconstructor}, scored by {@link org.beamlinestudio.tomography.center.SweepScore} (entropy by
 *       default, lower is better); a reconstructor that is also a
 *       {@link org.beamlinestudio.tomography.center.MultiCenterReconstructor} filters once for all centres.</li>
 *   <li>{@link org.beamlinestudio.tomography.center.CenterBench} — timing entry points for
 *       {@code studio bench tomography}.</li>
 * </ul>
 */
package org.beamlinestudio.tomography.center;
