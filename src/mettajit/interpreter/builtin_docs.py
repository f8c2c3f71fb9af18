"""What ``get-doc`` and ``help!`` say about a built-in the program does not document itself:
one entry per built-in, in our own words, read by ``interpreter/docs.py``.

An entry holds only prose: a description and, for a function, one text per parameter and
one for the result. The types in ``get-doc``'s answer are not written here: they are the
descriptors' (an ``Op``'s type, a ``FormDef``'s types, what ``get-type`` gives), except for
the few symbols no descriptor types (error constructors, the ``@doc`` vocabulary), whose
entry gives the types hyperon 0.2.10 declares for them (``types``; a test checks that these
are exactly the names ``get-type`` knows nothing of). Which names have an entry, and how
many parameters each, follow what hyperon 0.2.10 documents (``tests/interpreter/
test_builtin_docs.py``; the oracle probe ``builtin_doc_shapes`` compares the shape of every
answer with hyperon's).
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class BuiltinDoc:
    """The documentation of one built-in: ``params``/``returns`` are None for an atom
    documented by its description alone (a type, an error kind)."""

    desc: str
    params: tuple[str, ...] | None = None
    returns: str | None = None
    types: tuple[str, ...] = ()  # only for a name no descriptor types (see the module doc)


def fn(desc: str, *params: str, returns: str, types: tuple[str, ...] = ()) -> BuiltinDoc:
    """A function's entry: its description, one text per parameter, its result's."""
    return BuiltinDoc(desc, params, returns, types)


def atom(desc: str, *types: str) -> BuiltinDoc:
    """An atom's entry: its description (and its types, if no descriptor has them)."""
    return BuiltinDoc(desc, None, None, types)


_UNIT = "() once the work is done"
_UNIT_ERR = "(), or an Error saying what went wrong"
_SPACE = "a space (&self, or one from new-space)"


def _assertion(what: str, compare: str, expected: str, msg: bool) -> BuiltinDoc:
    """The entries of the assertEqual family differ in three words each."""
    params = ["the expression whose results are checked", expected]
    if msg:
        params.append("what the Error holds when the check fails")
    fails = "this message" if msg else "both lists of results and their difference"
    return fn(f"Checks that {what}: {compare}.", *params,
              returns=f"() when they agree; otherwise an Error holding {fails}")


_OF_RESULTS = "the results of the first expression equal those of the second as multisets"
_OF_RESULTS_ALPHA = ("the results of the two expressions are the same multiset, up to renaming "
                     "variables")
_AS_WRITTEN = "the first expression's results are the atoms listed in the second"
_AS_WRITTEN_ALPHA = "the first expression's results are the listed atoms, up to renaming variables"
_EVALUATED = "an expression evaluated for the results expected"
_LISTED = "the expected results, written as one expression and not evaluated"

BUILTIN_DOCS: dict[str, BuiltinDoc] = {
    # rules, errors, and the minimal instructions
    "=": fn("Writes a rule: an expression that matches the left side may be rewritten as "
            "the right side.", "the pattern a call must match", "what the call becomes",
            returns="the rule itself stays as data; it is not evaluated"),
    "ErrorType": atom("The type of an Error value.", "Type"),
    "SpaceType": atom("The type of a space, such as &self or one made by new-space.", "Type"),
    "BadType": fn("The reason in an Error for a value of the wrong type.",
                  "the type wanted", "the type found", returns="the reason, as data",
                  types=("(-> Type Type ErrorDescription)",)),
    "BadArgType": fn("The reason in an Error for an argument of the wrong type.",
                     "which argument, counting from 1", "the type wanted", "the type found",
                     returns="the reason, as data",
                     types=("(-> Number Type Type ErrorDescription)",)),
    "Error": fn("Builds an Error value; its parts are kept as written.",
                "the atom that failed", "why: a message, or a reason such as BadType, "
                "BadArgType or IncorrectNumberOfArguments", returns="the Error value"),
    "return": fn("Marks the result of a function block.", "the result",
                 returns="the same atom, which the enclosing function gives back",
                 types=("(-> $t $t)",)),
    "function": fn("Runs its body until it reaches (return x), and gives x.",
                   "the body to run", returns="the atom the body returned"),
    "eval": fn("Does one step of evaluation: one rule rewrite, or one call of a grounded "
               "operation. The step's result is not evaluated further.",
               "the atom to step", returns="the atom after one step"),
    "evalc": fn("Does one step of evaluation, with the rules of the given space.",
                "the atom to step", "the space whose rules are used",
                returns="the atom after one step"),
    "chain": fn("Evaluates an atom, puts each result in place of a variable inside a "
                "template, and evaluates the template.", "the atom evaluated first",
                "the variable that receives each result", "the template evaluated next",
                returns="the template's results"),
    "unify": fn("Unifies two atoms; gives the third argument, with the bindings applied, "
                "if they unify, else the fourth. A space as the first argument queries it "
                "with the second.", "an atom, or a space", "the atom or pattern to unify it "
                "with", "the result on success", "the result on failure",
                returns="the third or the fourth argument, evaluated"),
    "cons-atom": fn("Puts an atom in front of an expression.", "the new head",
                    "the expression that becomes the tail",
                    returns="the longer expression"),
    "decons-atom": fn("Splits a non-empty expression into its head and the rest: "
                      "(decons-atom (a b c)) is (a (b c)).", "a non-empty expression",
                      returns="a pair of the head and the tail"),
    "context-space": fn("Gives the space that evaluation currently happens in.",
                        returns="that space"),
    # numbers
    "min-atom": fn("Finds the smallest number in an expression of numbers.",
                   "an expression of numbers",
                   returns="the smallest, as a float; an Error for an empty expression or "
                           "one holding something else"),
    "max-atom": fn("Finds the largest number in an expression of numbers.",
                   "an expression of numbers",
                   returns="the largest, as a float; an Error for an empty expression or "
                           "one holding something else"),
    "size-atom": fn("Counts the atoms of an expression (its top level).", "an expression",
                    returns="how many atoms it holds"),
    "index-atom": fn("Takes the atom at a position of an expression, counting from 0.",
                     "an expression", "the position",
                     returns="the atom there; an Error when there is none"),
    "pow-math": fn("Raises a number to a power, in floating point.", "the base",
                   "the exponent", returns="the power, a float"),
    "sqrt-math": fn("Takes a square root.", "a number", returns="its square root (NaN "
                    "below zero)"),
    "abs-math": fn("Drops the sign of a number.", "a number", returns="its absolute value"),
    "log-math": fn("Takes a logarithm in a given base.", "the base", "the number",
                   returns="the logarithm, a float"),
    "trunc-math": fn("Cuts the fractional part off a number, towards zero.", "a number",
                     returns="the whole part"),
    "ceil-math": fn("Rounds a number up.", "a number",
                    returns="the least whole number not below it"),
    "floor-math": fn("Rounds a number down.", "a number",
                     returns="the greatest whole number not above it"),
    "round-math": fn("Rounds a number to the nearest whole number, halves away from zero.",
                     "a number", returns="the rounded number"),
    "sin-math": fn("Sine of an angle in radians.", "the angle", returns="its sine"),
    "asin-math": fn("Inverse sine.", "a number from -1 to 1", returns="the angle, in "
                    "radians"),
    "cos-math": fn("Cosine of an angle in radians.", "the angle", returns="its cosine"),
    "acos-math": fn("Inverse cosine.", "a number from -1 to 1", returns="the angle, in "
                    "radians"),
    "tan-math": fn("Tangent of an angle in radians.", "the angle", returns="its tangent"),
    "atan-math": fn("Inverse tangent.", "a number", returns="the angle, in radians"),
    "isnan-math": fn("Tells whether a number is NaN.", "a number", returns="True or False"),
    "isinf-math": fn("Tells whether a number is an infinity, of either sign.", "a number",
                     returns="True or False"),
    # results and their alternatives
    "collapse-bind": fn("Evaluates an atom and pairs each result with its bindings.",
                        "the atom to evaluate",
                        returns="an expression of (result bindings) pairs"),
    "superpose-bind": fn("Turns (result bindings) pairs back into separate results, "
                         "dropping the bindings.", "an expression of such pairs",
                         returns="each result, as an alternative"),
    "metta": fn("Evaluates an atom as if it had been written as a query.",
                "the atom to evaluate", "the type it is expected to have",
                "the space to evaluate it in (the current one)", returns="its results"),
    "id": fn("Gives its argument's results unchanged.", "any atom",
             returns="the argument's results"),
    "noeval": fn("Gives its argument exactly as written, not evaluated.", "any atom",
                 returns="the atom as written"),
    "atom-subst": fn("Replaces a variable by an atom inside a template, evaluating "
                     "nothing.", "the atom put in", "the variable replaced", "the template",
                     returns="the template after the replacement"),
    "if-decons-expr": fn("Splits an expression into head and tail, if it has any, and "
                         "gives a template that may use both.", "the expression",
                         "the variable for the head", "the variable for the tail",
                         "the template used when the expression is not empty",
                         "the result when it is empty",
                         returns="the template with head and tail put in, or the fallback"),
    "if-error": fn("Chooses by whether an atom, as written, is an Error.",
                   "the atom tested", "the result if it is an Error",
                   "the result otherwise", returns="the second or the third argument"),
    "return-on-error": fn("Inside a function block: returns at once if an atom is Empty "
                          "or an Error, else goes on.", "the atom tested",
                          "what to evaluate otherwise",
                          returns="(return atom) for Empty or an Error, else the second "
                                  "argument"),
    "switch": fn("Evaluates an atom and matches its value against case patterns in order, "
                 "taking the first case that fits.", "the atom to match",
                 "the cases: an expression of (pattern result) pairs",
                 returns="the chosen case's result, evaluated; nothing if none fits"),
    "is-function": fn("Tells whether a type is a function type (-> ...).", "a type",
                      returns="True or False"),
    "type-cast": fn("Checks an atom against a type in a space's declarations.", "the atom",
                    "the type it should have", "the space whose types count",
                    returns="the atom, or an Error with BadType when it does not fit"),
    "match-types": fn("Chooses by whether two types fit each other (%Undefined% and Atom "
                      "fit anything).", "a type", "another type",
                      "the result when they fit", "the result when they do not",
                      returns="the third or the fourth argument"),
    "first-from-pair": fn("Takes the first atom of a pair.", "a pair",
                          returns="its first atom"),
    "match-type-or": fn("Folds type checks: True if a flag is already True or two types "
                        "fit.", "the flag so far", "a type", "another type",
                        returns="True or False"),
    "filter-atom": fn("Keeps the atoms of an expression for which a predicate holds.",
                      "the expression", "the variable standing for each atom",
                      "the predicate, using that variable",
                      returns="an expression of the atoms kept"),
    "map-atom": fn("Evaluates a template once for each atom of an expression, the atom put "
                   "in place of a variable: (map-atom (1 2) $x (+ $x 1)) is (2 3).",
                   "the expression", "the variable", "the template",
                   returns="an expression of the template's results, in order"),
    "foldl-atom": fn("Combines the atoms of an expression from the left, starting from an "
                     "initial value.", "the expression", "the initial value",
                     "the variable for the value so far", "the variable for the next atom",
                     "the step, using both variables",
                     returns="the value after the last atom"),
    "if": fn("Chooses one of two branches by a condition; only the chosen one is "
             "evaluated.", "the condition, True or False", "the branch taken on True",
             "the branch taken on False", returns="the chosen branch's results"),
    "or": fn("Boolean or.", "a Bool", "another Bool", returns="True if either is True"),
    "and": fn("Boolean and.", "a Bool", "another Bool", returns="True if both are True"),
    "not": fn("Boolean negation.", "a Bool", returns="the other Bool"),
    "let": fn("Evaluates a value, unifies each result with a pattern, and evaluates the "
              "body with the pattern's variables bound.", "the pattern", "the value",
              "the body", returns="the body's results; none where the value does not "
                                  "unify"),
    "let*": fn("Several lets in a row, each seeing the bindings of those before: "
               "(let* (($a 1) ($b (+ $a 1))) $b) is 2.", "the (pattern value) pairs",
               "the body", returns="the body's results"),
    "add-reduct": fn("Evaluates an atom and adds its result to a space.", _SPACE,
                     "the atom to evaluate", returns=_UNIT),
    "car-atom": fn("The head of an expression: its first atom.", "a non-empty expression",
                   returns="its head; an Error for an empty expression"),
    "cdr-atom": fn("Drops the first atom of an expression.", "a non-empty expression",
                   returns="the rest, an expression; an Error for an empty expression"),
    "quote": fn("Keeps an atom from being evaluated.", "any atom",
                returns="(quote atom), which stays as it is"),
    "unquote": fn("Takes the atom out of a quote: (unquote (quote x)) is x.",
                  "a quoted atom", returns="the atom inside, evaluated"),
    "nop": fn("Does nothing.", returns="()"),
    "empty": fn("Gives no result: the branch of evaluation that reaches it ends there.",
                returns="no result at all"),
    "unique": fn("Drops the repeated results of an atom.", "the atom to evaluate",
                 returns="each distinct result once, in order of first appearance"),
    "union": fn("All the results of two atoms.", "an atom", "another atom",
                returns="the first one's results, then the second one's"),
    "intersection": fn("The results two atoms have in common, counting repeats.",
                       "an atom", "another atom",
                       returns="the first one's results that the second also gives"),
    "subtraction": fn("The results of one atom that another does not give, counting "
                      "repeats.", "the atom whose results are kept",
                      "the atom whose results are taken away",
                      returns="what is left of the first one's results"),
    "add-reducts": fn("Evaluates each atom of an expression and adds the results to a "
                      "space.", _SPACE, "the expression of atoms", returns=_UNIT),
    "add-atoms": fn("Adds each atom of an expression to a space, as written.", _SPACE,
                    "the expression of atoms", returns=_UNIT),
    "assertIncludes": fn("Checks that the results of an expression include the listed "
                         "atoms.", "the expression to evaluate",
                         "the atoms that must be among its results",
                         returns="() when they are; otherwise an Error saying what is "
                                 "missing"),
    # the vocabulary of documentation
    "@doc": fn("Documents an atom: (@doc name (@desc ...)) for any atom, with (@params "
               "...) and (@return ...) after the description for a function.",
               "the atom documented", "its description, (@desc text)",
               "for a function: (@params (...)) describing each parameter",
               "for a function: (@return text) describing the result",
               returns="a documentation atom, kept in the space as data",
               types=("(-> Atom DocDescription DocInformal)",
                      "(-> Atom DocDescription DocParameters DocReturnInformal DocInformal)")),
    "@desc": fn("The description part of a documentation atom.", "the text",
                returns="the description", types=("(-> String DocDescription)",)),
    "@param": fn("Describes one parameter, inside @params.", "the text",
                 returns="the parameter's description",
                 types=("(-> String DocParameterInformal)",
                        "(-> DocType DocDescription DocParameter)")),
    "@return": fn("Describes a function's result, in @doc.", "the text",
                  returns="the result's description",
                  types=("(-> String DocReturnInformal)",
                         "(-> DocType DocDescription DocReturn)")),
    "@doc-formal": fn("What get-doc gives: the documentation with the types filled in. A "
                      "function's has six parts, any other atom's the first four.",
                      "(@item name)", "(@kind function) or (@kind atom)", "(@type type)",
                      "(@desc text)", "for a function: its parameters, each with its type",
                      "for a function: its result, with its type",
                      returns="the whole documentation, as data",
                      types=("(-> DocItem DocKindFunction DocType DocDescription "
                             "DocParameters DocReturn DocFormal)",
                             "(-> DocItem DocKindAtom DocType DocDescription DocFormal)",
                             "(-> DocItem DocKindFunction DocType DocDescription "
                             "DocFormal)")),
    "@item": fn("Names the atom a @doc-formal documents.", "the atom",
                returns="(@item atom)", types=("(-> Atom DocItem)",)),
    "(@kind function)": atom("In a @doc-formal: the atom documented is a function.",
                             "DocKindFunction"),
    "(@kind atom)": atom("In a @doc-formal: the atom documented is not a function.",
                         "DocKindAtom"),
    "@type": fn("In a @doc-formal: the type of the atom, a parameter or a result.",
                "the type", returns="(@type type)", types=("(-> Type DocType)",)),
    "@params": fn("The parameters part of a function's documentation.",
                  "an expression of (@param ...) atoms, one per parameter",
                  returns="the parameters' descriptions",
                  types=("(-> Expression DocParameters)",)),
    "get-doc": fn("Finds the documentation of an atom in a space; in the program's own "
                  "space, the built-ins' documentation too.", "the space to look in",
                  "the atom, as written", returns="a @doc-formal per type of the atom; "
                                                  "nothing if it is not documented"),
    "help!": fn("Prints the documentation of an atom.", "the atom, as written",
                returns="(), after printing (or saying that there is none)"),
    "help-space!": fn("Prints the name and description of everything documented in a "
                      "space.", "the space", returns="(), after printing"),
    "for-each-in-atom": fn("Calls a function on each atom of an expression, in order, for "
                           "its effects.", "the expression", "the function to call",
                           returns="()"),
    "noreduce-eq": fn("Compares two atoms as written, evaluating neither.", "an atom",
                      "another atom", returns="True if they are the same atom"),
    # spaces, states, types
    "add-atom": fn("Adds an atom to a space, as written.", _SPACE, "the atom",
                   returns=_UNIT),
    "get-type": fn("Gives the types of an atom, as far as the declarations and the "
                   "built-ins tell.", "the atom, as written",
                   returns="each type; %Undefined% if none is known"),
    "get-type-space": fn("Gives the types of an atom with the declarations of a given "
                         "space.", "the space whose declarations count",
                         "the atom, as written",
                         returns="each type; %Undefined% if none is known"),
    "get-metatype": fn("Tells what kind of atom something is.", "the atom, as written",
                       returns="Symbol, Variable, Expression or Grounded"),
    "if-equal": fn("Chooses by whether two atoms, as written, are the same.", "an atom",
                   "another atom", "the result if they are the same",
                   "the result if they differ",
                   returns="the third or the fourth argument, evaluated"),
    "new-space": fn("Makes a new, empty space, apart from &self.", returns="the new space"),
    "remove-atom": fn("Takes an atom out of a space.", _SPACE, "the atom to take out",
                      returns=_UNIT),
    "get-atoms": fn("Lists the atoms a space holds itself (not those of imported "
                    "modules).", _SPACE, returns="each atom, as an alternative"),
    "new-state": fn("Makes a mutable cell holding a value.", "the first value",
                    returns="the cell, printed (State value)"),
    "change-state!": fn("Puts a new value in a cell made by new-state.", "the cell",
                        "the new value", returns="the cell"),
    "get-state": fn("Reads the value a cell made by new-state holds now.", "the cell",
                    returns="its value"),
    "match": fn("Looks for the atoms of a space that unify with a pattern.", _SPACE,
                "the pattern", "the template built for each match",
                returns="the template with each match's bindings applied, one result per "
                        "match; nothing if none"),
    # modules
    "register-module!": fn("Loads the module at a path (a folder or a file) as a module "
                           "of the program, so that import! finds it by its name.",
                           "the module's path", returns=_UNIT_ERR),
    "mod-space!": fn("Gives a module's space, loading the module first if needed.",
                     "the module's name", returns="its space"),
    "print-mods!": fn("Prints the modules loaded so far, as a tree.", returns="()"),
    "=alpha": fn("Tells whether two atoms are the same up to renaming their variables.",
                 "an atom", "another atom", returns="True or False"),
    "assertEqual": _assertion("two expressions agree", _OF_RESULTS,
                              "the expression whose results are expected", False),
    "assertEqualMsg": _assertion("two expressions agree", _OF_RESULTS,
                                 "the expression whose results are expected", True),
    "assertAlphaEqual": _assertion("two expressions agree", _OF_RESULTS_ALPHA,
                                   "the expression whose results are expected", False),
    "assertAlphaEqualMsg": _assertion("two expressions agree", _OF_RESULTS_ALPHA,
                                      "the expression whose results are expected", True),
    "assertEqualToResult": _assertion("an expression gives what is listed", _AS_WRITTEN,
                                      _LISTED, False),
    "assertEqualToResultMsg": _assertion("an expression gives what is listed", _AS_WRITTEN,
                                         _LISTED, True),
    "assertAlphaEqualToResult": _assertion("an expression gives what is listed",
                                           _AS_WRITTEN_ALPHA, _LISTED, False),
    "assertAlphaEqualToResultMsg": _assertion("an expression gives what is listed",
                                              _AS_WRITTEN_ALPHA, _LISTED, True),
    "superpose": fn("Gives each atom of an expression as a separate result.",
                    "the expression", returns="each of its atoms, evaluated"),
    "collapse": fn("Gathers all the results of an atom into one expression.",
                   "the atom to evaluate", returns="an expression of its results"),
    "case": fn("Evaluates an atom and matches each result against case patterns in order, "
               "taking the first that fits; a case for Empty applies when there is no "
               "result.", "the atom to evaluate",
               "the cases: an expression of (pattern result) pairs",
               returns="the chosen case's result, evaluated"),
    "capture": fn("Evaluates an atom in the space of the moment.", "the atom",
                  returns="its results"),
    "pragma!": fn("Sets an interpreter option in hyperon; mettajit accepts any and changes "
                  "nothing.", "the option's name", "its value", returns="()"),
    "import!": fn("Loads a module, or a file, into a space: into the current one with "
                  "&self, otherwise into a new space bound to the given token.",
                  "&self, or the token that will name the module's space",
                  "the module's name or path", returns=_UNIT_ERR),
    "include": fn("Runs a file's atoms in the current space, as if written here.",
                  "the file's name",
                  returns="the results of the file's last query (none if it has none)"),
    "bind!": fn("Makes a token stand for an atom in the rest of the program.",
                "the token", "the atom it stands for (evaluated)", returns="()"),
    "trace!": fn("Prints one atom and gives another.", "what to print",
                 "what to give", returns="the second argument"),
    "println!": fn("Prints an atom on a line of its own; a string without its quotes.",
                   "the atom to print", returns="()"),
    "format-args": fn("Fills each {} of a string with the next atom of an expression.",
                      "the string with {} marks", "the atoms to put in",
                      returns="the filled string"),
    "sort-strings": fn("Sorts an expression of strings.", "an expression of strings",
                       returns="the strings in order"),
    "sealed": fn("Renames the variables of an atom to fresh ones, except those listed.",
                 "the variables to keep, as an expression", "the atom",
                 returns="the atom with fresh variables"),
    # arithmetic and comparison
    "+": fn("Adds two numbers (exact for integers).", "a number", "another number",
            returns="their sum"),
    "-": fn("The first number minus the second.", "a number",
            "the number taken away", returns="the difference"),
    "*": fn("The product of two numbers (exact for integers).", "a number", "another number",
            returns="their product"),
    "/": fn("Divides the first number by the second; two integers give an integer, "
            "rounded towards zero.", "the number divided", "the divisor",
            returns="the quotient; an Error for an integer divided by zero"),
    "%": fn("What is left over when the first number is divided by the second.",
            "the number divided", "the divisor",
            returns="the remainder; an Error for an integer divided by zero"),
    "<": fn("Compares two numbers.", "a number", "another number",
            returns="True if the first is smaller"),
    ">": fn("Compares two numbers.", "a number", "another number",
            returns="True if the first is larger"),
    "<=": fn("Compares two numbers.", "a number", "another number",
             returns="True if the first is not larger"),
    ">=": fn("Compares two numbers.", "a number", "another number",
             returns="True if the first is not smaller"),
    "==": fn("Tells whether two values of the same type are equal.", "a value",
             "another value of that type",
             returns="True or False; an Error if their types differ"),
    "xor": fn("Boolean exclusive or.", "a Bool", "another Bool",
              returns="True if exactly one is True"),
    "unique-atom": fn("Drops the repeated atoms of an expression.", "an expression",
                      returns="each distinct atom once, in order"),
    "union-atom": fn("Joins two expressions.", "an expression", "another expression",
                     returns="the atoms of both, repeats kept"),
    "intersection-atom": fn("The atoms two expressions have in common, counting repeats.",
                            "an expression", "another expression",
                            returns="the first one's atoms that the second also holds"),
    "subtraction-atom": fn("The atoms of one expression that another does not hold, "
                           "counting repeats.", "the expression whose atoms are kept",
                           "the expression whose atoms are taken away",
                           returns="what is left of the first"),
    "git-module!": fn("Would load a module from a git repository; mettajit fetches nothing "
                      "over the network and gives an Error saying so.", "the repository's "
                      "address", returns="an Error"),
}
