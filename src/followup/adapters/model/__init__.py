"""Language models that draft letters, behind the ``LetterModel`` port (issue 17)."""
