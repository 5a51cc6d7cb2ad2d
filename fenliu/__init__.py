"""fenliu (分流): the lobby system of a bank branch."""
