/** The FX-side plugin SPI: techniques contribute their perspective on a file through {@link PerspectiveProvider}. */
package org.beamlinestudio.viewer.perspective;
