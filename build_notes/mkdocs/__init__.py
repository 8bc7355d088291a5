"""The MkDocs adapter: the plugin that runs the stages from MkDocs' hooks, the problems
shown while serving, and the theme's templates."""
