"""What the matcher keeps in the database and how it searches stored vectors."""
