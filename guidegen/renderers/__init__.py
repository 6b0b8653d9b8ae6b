"""One renderer per output format behind one small interface (see ``base.Renderer``)."""
