namespace FluentAI.Plugins;

/// <summary>
/// Every diagnostic and error code, in one place. FAI0xxx: reading; FAI1xxx: binding;
/// FAI2xxx: compiling; FAI3xxx: running; FAI4xxx: loading and reloading.
/// </summary>
public static class ErrorCodes
{
#pragma warning disable CS1591 // The names say what each code is; the texts live with their producers.
    public const string UnexpectedCharacter = "FAI0001";
    public const string UnclosedList = "FAI0002";
    public const string UnexpectedClose = "FAI0003";
    public const string UnterminatedString = "FAI0004";
    public const string BadEscape = "FAI0005";
    public const string BadNumber = "FAI0006";
    public const string OddMap = "FAI0007";
    public const string NestingTooDeep = "FAI0008";
    public const string QuoteWithoutForm = "FAI0009";

    public const string UnknownName = "FAI1001";
    public const string BadForm = "FAI1002";
    public const string WrongArityKnown = "FAI1003";
    public const string DuplicateDefinition = "FAI1004";
    public const string UnknownModule = "FAI1005";
    public const string NotExported = "FAI1006";
    public const string BadImport = "FAI1007";
    public const string BadPattern = "FAI1008";
    public const string ExportUndefined = "FAI1009";
    public const string NotAFunctionKnown = "FAI1010";
    public const string ReservedName = "FAI1011";
    public const string DuplicateParameter = "FAI1012";
    public const string ImportRefused = "FAI1013";
    public const string AssignUndefined = "FAI1014";
    public const string AssignNotAllowed = "FAI1015";
    public const string UnsupportedForm = "FAI1016";
    public const string MatchWithoutCatchAll = "FAI1017";

    public const string CompilerInternal = "FAI2001";

    public const string RuntimeError = "FAI3001";
    public const string NotCallable = "FAI3002";
    public const string WrongArity = "FAI3003";
    public const string IntegerOverflow = "FAI3004";
    public const string TypeMismatch = "FAI3005";
    public const string DivideByZero = "FAI3006";
    public const string Uncaught = "FAI3007";
    public const string MatchFailed = "FAI3008";
    public const string IndexOutOfRange = "FAI3009";
    public const string StackTooDeep = "FAI3010";
    public const string UnhandledEffect = "FAI3011";
    public const string ChannelClosed = "FAI3012";
    public const string Timeout = "FAI3013";
    public const string Interrupted = "FAI3014";
    public const string Deadlock = "FAI3015";

    public const string ModuleNotFound = "FAI4001";
    public const string ImportCycleBroken = "FAI4002";
    public const string ExportRemoved = "FAI4003";
    public const string ExportArityChanged = "FAI4004";
    public const string LoadFailed = "FAI4005";
    public const string ReloadRejected = "FAI4006";
    public const string MigrationFailed = "FAI4007";
    public const string StateFileInvalid = "FAI4008";
#pragma warning restore CS1591
}
