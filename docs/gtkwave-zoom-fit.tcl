# GTKWave start-up script: zoom so the whole dump fits the window. A window dumped by vmcosim
# starts at an arbitrary simulated time, and GTKWave's default zoom would show a few
# picoseconds of it. Use: gtkwave -S docs/gtkwave-zoom-fit.tcl WAVE.fst docs/vmcosim.gtkw
gtkwave::/Time/Zoom/Zoom_Best_Fit
