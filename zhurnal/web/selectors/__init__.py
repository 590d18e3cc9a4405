"""Every read the pages make: scoped to the actor, with everything the templates need loaded."""
