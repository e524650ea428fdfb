"""latent-suite package folder (see DESIGN.md §2)."""
