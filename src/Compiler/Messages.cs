namespace FluentAI.Plugins.Compiler;

/// <summary>Every compiler message text, in one place (tested by a theory over all of them).</summary>
internal static class Messages
{
    public static string UnexpectedCharacter(char c) => $"unexpected character '{c}'";
    public static string UnclosedList(char open) => $"'{open}' is never closed";
    public static string UnexpectedClose(char close) => $"unexpected '{close}' with nothing open";
    public static string MismatchedClose(char open, char close) => $"'{close}' closes '{open}'";
    public const string UnterminatedString = "unterminated string literal";
    public static string BadEscape(char c) => $"unknown escape sequence '\\{c}' (known: \\n \\t \\r \\\\ \\\")";
    public static string IntegerOutOfRange(string text) => $"integer literal {Abbreviate(text)} is outside the 64-bit range";
    public static string BadNumber(string text) => $"malformed number '{Abbreviate(text)}'";
    public const string OddMap = "a map literal needs an even number of forms (key value pairs)";
    public static string NestingTooDeep(int max) => $"forms nested deeper than {max} levels";
    public const string QuoteWithoutForm = "quote ' must be followed by a form";

    public static string UnknownName(string name) => $"unknown name '{name}'";
    public static string BadForm(string form, string shape) => $"malformed {form}: expected {shape}";
    public static string WrongArity(string name, string expected, int given) => $"{name} expects {expected} argument{(expected == "1" ? "" : "s")}, got {given}";
    public static string Duplicate(string name) => $"'{name}' is defined twice in this module";
    public static string UnknownModule(string path) => $"cannot find module '{path}'";
    public static string NotExported(string name, string module) => $"module '{module}' does not export '{name}'";
    public static string ExportUndefined(string name) => $"export of '{name}', which this module does not define";
    public static string NotAFunction(string name) => $"'{name}' is not a function";
    public static string Reserved(string name) => $"'{name}' is a special form and cannot be redefined";
    public static string DuplicateParameter(string name) => $"parameter '{name}' appears twice";
    public static string DuplicateBinding(string name, string form) => $"'{name}' is bound twice in this {form}";
    public static string KindConflict(string name, string kind, int line, string other) =>
        $"'{name}' is defined with {kind} at line {line} and with {other} here: a name keeps one kind of definition";
    public static string BadPattern(string text) => $"unknown pattern '{Abbreviate(text)}'";
    public static string DownMigrationKey(string key, long? version) => version is { } v
        ? $"malformed define-stateful: a :migrate-to key is a version lower than :version {v}, got {Abbreviate(key)}"
        : $"malformed define-stateful: a :migrate-to key is an integer version, got {Abbreviate(key)}";
    public static string DownMigrationNotFunction(string value) => $"malformed define-stateful: a :migrate-to value is a function (lambda (new) ...) giving the value at that version, got {Abbreviate(value)}";

    public static string AssignUndefined(string name) => $"set! of an undefined name '{name}'";
    public static string AssignImport(string name, string module) =>
        $"set! of '{name}', which is imported from '{module}': an import is another module's binding, and only that module can change it";
    public static string AssignReplName(string name) =>
        $"set! of '{name}', a definition of an earlier REPL input or of the REPL's module: give it a new value here with (define {name} value)";
    public static string AssignReloadable(string name) =>
        $"set! of '{name}', a define-reloadable: a reloadable's value is its code, which only a reload replaces; keep state in a define-stateful cell";
    public static string AssignStateCell(string name) =>
        $"set! of '{name}', a define-stateful cell: change the value it holds with (reset! {name} value) or (swap! {name} f)";
    public static string AssignLibraryFunction(string name) => $"set! of '{name}', a library function: define a name of your own instead";
    public static string AssignSpecialForm(string name) => $"set! of '{name}', a special form";
    public static string UnsupportedForm(string name) => $"'{name}' is a FluentAI form this implementation does not support yet";
    public const string MatchWithoutCatchAll = "match without a catch-all clause (a last pattern that is _ or a variable): a value no clause matches gives nil";

    private static string Abbreviate(string text) => text.Length <= 40 ? text : text[..37] + "...";
}
