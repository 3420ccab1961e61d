"""Small, valid quiz and reflections files that tests break one field at a time."""

QUIZ = """
id: t-quiz
title: "Test quiz"
shuffle_seed: null
items:
  - id: t-q1
    type: single
    objective: w01-o1
    source: "a step"
    stem: "Pick *one*"
    options:
      - text: "Alpha"
        correct: false
        feedback: "Alpha is wrong because A."
      - text: "Beta"
        correct: true
        feedback: "Beta is right because B."
      - text: "Gamma"
        correct: false
        feedback: "Gamma is wrong because C."
    explanation: "General explanation."
  - id: t-q2
    type: multiple
    objective: w01-o1
    source: "a step"
    stem: "Pick all that apply"
    options:
      - text: "One"
        correct: true
        feedback: "One fits."
      - text: "Two"
        correct: false
        feedback: "Two does not fit."
      - text: "Three"
        correct: true
        feedback: "Three fits."
  - id: t-q3
    type: numeric
    objective: w01-o2
    source: "a step"
    stem: "How much?"
    answer: 12.5
    tolerance: 0.5
    unit: "%"
    feedback:
      correct: "Right amount."
      too_low: "Too little."
      too_high: "Too much."
  - id: t-q4
    type: ordering
    objective: w01-o2
    source: "a step"
    stem: "Order these"
    sequence: ["first", "second", "third", "fourth"]
    feedback:
      correct: "In order."
      incorrect: "Not in order."
"""

REFLECTIONS = """
prompts:
  - id: t-r1
    step: w01-s02
    title: "Your setting"
    prompt: "Describe **your** setting."
    guidance: "Be specific."
  - id: t-r2
    step: w01-s05
    title: "A case"
    prompt: "Describe a case."
"""
