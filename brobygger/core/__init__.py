"""The Django ground floor: helpers every app may use. Imports no app of ours."""
