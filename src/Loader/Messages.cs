using System.Globalization;

namespace FluentAI.Plugins.Loader;

/// <summary>Every message text of the loader, in one place (as the compiler's are); the tests that provoke each failure check its text.</summary>
internal static class Messages
{
    // Loading and reloading.
    public const string LoadFailed = "module load failed";
    public static string ModuleFileNotFound(string path) => $"module file not found: {path}";
    public static string ModuleFileDeleted(string path) => $"{path}: the file was deleted; the running version stays loaded";
    public static string WatchedFileDeleted(string path) => $"{path}: the file was deleted; the running version stays loaded";
    public static string NoEarlierVersion(string file) => $"{file} has no earlier version to roll back to";
    public static string Rejected(string why) => "Reload rejected: " + why;
    public static string Reloaded(int functions, int migrated) => $"Reloaded {functions} functions, migrated {migrated} state values";
    public static string HotReloadWhileLinking(string path) => $"hot-reload \"{path}\" was called by top-level forms while their module loads; call it from a function (main, a handler) once loading is done";
    public static string ImportNotLoaded(string module, string importer) => $"module '{module}' imported by {importer} is not loaded";
    public static string SurfaceLacks(string target, string signature) => $"the compiled {target} does not provide '{signature}' that this import uses";

    // Why a module is part of a reload.
    public const string ReasonChanged = "changed";
    public const string ReasonLoaded = "loaded";
    public const string ReasonNewImport = "new import";
    public const string ReasonRolledBack = "rolled back";
    public static string ReasonDependsOn(string file) => "depends on " + file;

    // Calls and names.
    public static string DoesNotDefine(string file, string name) => $"{file} does not define '{name}'";
    public static string NotAFunction(string name, string file) => $"{name} in {file} is not a function";

    // What the host holds.
    public static string HolderSlot(string name) => $"a slot for '{name}' from GetSlot";
    public static string HolderProxy(string interfaceName) => $"a typed proxy for {interfaceName}";
    public static string HeldNameRemoved(string file, string name, string holder) =>
        $"the new {file} no longer defines '{name}', but the host holds {holder}; release it (host.Release) before removing the name";
    public static string HeldNameNotFunction(string file, string name, string holder) =>
        $"the new {file} defines '{name}' as a value, not a function, but the host holds {holder}; release it (host.Release) first";
    public static string HeldArityChanged(string file, string name, string holder, int given, int arity, bool variadic) =>
        $"the new {file} defines ({name} ...) with {(variadic ? "at least " : "")}{arity} parameter(s), but the host holds {holder} that calls it with {given}; release it (host.Release) first";

    // Typed proxies.
    public static string ProxyNeedsPublicInterface(string? type) => $"{type} must be a public interface";
    public static string ProxyMissingFunction(string type, string method, string name, string file) => $"{type}.{method} needs a function '{name}', which {file} does not define";
    public static string ProxyArity(string type, string method, int given, string name, int arity, bool variadic) =>
        $"{type}.{method} takes {given} argument(s) but ({name} ...) takes {(variadic ? "at least " : "")}{arity}";

    public static string ProxyResultMismatch(string function, string value, string expected, string? where) =>
        $"{function} returned {value}, but the interface expects {expected}" + (where is null ? "" : ": " + where);
    public static string ProxyElementIsNot(string element, string expected) => $"{element} is not {expected}";
    public static string ProxyAtPath(string path, string problem) => $"at {path}, {problem}";
    public static string ProxyKeyNotText(string key) => $"the key {key} is not a string or a keyword";
    public static string ProxyKeysCollide(string name, string text) => $"the keys :{name} and {text} both become {text}";
    public static string ProxyCannotTake(string? parameter, string type) => $"takes '{parameter}' as {type}, which a proxy cannot convert to a FluentAI value (declare it object to pass a host object)";
    public static string ProxyCannotReturn(string type) => $"returns {type}, which a proxy cannot convert a FluentAI value to";
    public static string ProxyNotGenerated(string? type, string errors) => $"could not generate a proxy for {type}: {errors}";

    // State.
    public static string Migrated(string cell, long from, long to, int entries) => $"Migrated {cell} from v{from} to v{to} ({entries} entries)";
    public static string StateVersionNotInteger(string cell, string given) => $"define-stateful {cell}: :version must be an integer, got {given}";
    public static string StateShapeChanged(string cell, long version, string kept, string declared) =>
        $"{cell} stays at v{version} with its value ({kept}), but its :state is now {declared}: raise :version and add a migration";
    public static string StateVersionLowered(string cell, long running, long declared) =>
        $"state {cell} is at v{running}, but the new code declares v{declared}: a lower version is rejected (roll back to go back)";
    public static string MigrationMissing(string cell, long from, string have) => $"no migration from v{from} to v{from + 1} for state {cell} (:migrate-from has: {have})";
    public static string MigrationFailed(string cell, long from, string why) => $"migration of state {cell} from v{from} to v{from + 1} failed: {why}";
    public static string NoStateToMigrate(string file) => $"{file} has no define-stateful state to migrate";
    public static string OneOffMigrationFailed(string why) => "the :migrate function failed: " + why;
    public const string OneOffMigrationNeedsMap = "with several state cells, :migrate must return a map from cell name to value";
    public const string SourceInitialState = "its :state";
    public const string SourceOneOffMigration = ":migrate";
    public static string SourceMigration(long from) => $"migration from v{from} to v{from + 1}";
    public static string StateNotPlain(string cell, string source, string problem) => $"state {cell}: {source} gave {problem}; state holds only FluentAI data";
    public const string StateHoldsFunction = "a function value (it would keep its module version loaded)";
    public static string StateHoldsHostObject(string type) => "a host object of type " + type;
    public static string StateJsonCannotHold(string type) => $"state cannot hold {type} values: only FluentAI data serializes";
    public static string StateJsonIntegerRange(string raw) => $"integer {raw} is outside the 64-bit range";
    public static string DownMigrationsNotMap(string cell, string given) => $"define-stateful {cell}: :migrate-to must be a map from an earlier version to a function, got {given}";
    public static string DownMigrationKey(string cell, long version, string given) =>
        $"define-stateful {cell}: a :migrate-to key must be an integer version lower than :version {version}, got {given}";
    public static string DownMigrationNotFunction(string cell, long target, string given) =>
        $"define-stateful {cell}: :migrate-to {target} must be a function of one argument (the value at this version, giving the value at v{target}), got {given}";
    // State files.
    public static string StateFileEmpty(string file) => $"state file {file} is empty; nothing was restored";
    public static string StateFileNotObject(string file) => $"state file {file} is not a state document (a JSON object with \"cells\"); nothing was restored";
    public static string StateFileFormat(string file, string given) => $"state file {file} has \"format\" {given}; this version reads format 1; nothing was restored";
    public static string StateFileCellsNotArray(string file) => $"state file {file}: \"cells\" must be an array; nothing was restored";
    public static string StateFileNoCells(string file) => $"state file {file} has no \"cells\"; nothing was restored";
    public static string StateFileCellNotObject(string file, int index) => $"state file {file}: cell {index} is not an object; nothing was restored";
    public static string StateFileNotJson(string file, string reason) => $"state file {file} is not valid JSON: {reason}; nothing was restored";
    public static string StateFileTruncated(string file, string reason) => $"state file {file} ends early (truncated?): {reason}; nothing was restored";
    public static string StateCellLacks(string file, int index, string property) => $"state file {file}: cell {index} has no \"{property}\"; nothing was restored";
    public static string StateCellProperty(string file, int index, string property, string expected, string given) =>
        $"state file {file}: cell {index}'s \"{property}\" must be {expected}, got {Clip(given)}; nothing was restored";
    public static string StateCellValue(string file, int index, string cell, string why) => $"state file {file}: the value of cell {index} ({cell}) cannot be read: {Clip(why)}; nothing was restored";
    public static string StateSaveFailed(string why) => "state not saved (retried at the next flush): " + why;

    public static string FunctionInState(string cell) => $"state {cell} now holds a function value; it keeps that module version loaded until the value is replaced";

    // Unloading.
    public static string GcPasses(int passes) => $"{passes} GC passes";
    public static string ActorFailed(long number) => $"actor #<actor:{number}>";
    public static string HeldByActors(int actors, int others) =>
        $"{actors} actor{(actors == 1 ? "" : "s")} it started still running (its mailbox was closed when the version was retired; a handler that has not returned keeps it)"
        + (others > 0 ? $", and {others} task{(others == 1 ? "" : "s")} it started (async/spawn)" : "");
    public static string HeldByTasks(int running) => $"{running} task{(running == 1 ? "" : "s")} it started (async/spawn) still running";
    public static string HeldByState(string cell, string file) => $"state {cell} of {file} holds a function of that version";
    public static string HeldBySlot(string name, string file) => $"slot '{name}' of {file} holds a function of that version";
    public const string HeldOutsideHost = "a reference held outside the host: a function value or object of that version kept by the application, a call still running, or a task";
    public const string HeldUnknown = "something outside the module still refers to its code (a function value, closure or object it made)";

    // Retiring a version (on-retire).
    public const string RetireOutsideModule = "on-retire: the calling code is not part of a module this host loaded (call on-retire by name from module code, not through apply or as a value)";
    public static string RetireHookOverran(TimeSpan budget) =>
        $"an on-retire hook was still running after {budget.TotalMilliseconds:0.###} ms (PluginHostOptions.RetireTimeout): it was asked to stop at its next blocking operation, and the version was released without waiting for it";

    // Development mode.
    public const string DevModeNeedsList = "dev-mode: :watch and :preserve take a list";

    // Production reloads.
    public static string PreCheckFailed(string file, long version) => $"{file} v{version}: the :pre-check returned false";
    public static string OverBudget(string file, TimeSpan budget, string what, string at) =>
        $"the load of {file} ran over its budget of {Seconds(budget)} (PluginHostOptions.LoadBudget): {what} was still running{at}; nothing of it was published";

    public static string CallCancelled(string function, Diagnostics.SourceSpan? at) =>
        $"the call of {function} was cancelled" + (at is { } s ? $" and stopped at {Path.GetFileName(s.File)}({s.Line},{s.Column})" : "");

    public static string ProxyTokenNotLast(string? parameter) =>
        $"takes the CancellationToken {parameter} before other parameters: a proxy method's token comes last";

    public static string PreCheckOf(string file) => $"the :pre-check of {file}";

    public static string MigrateOf(string file) => $"the :migrate of {file}";

    public static string PreCheckThrew(string file, long version, string error) => $"{file} v{version}: the :pre-check failed: " + error;
    public const string PostCheckFailed = "the :post-check returned false";
    public static string PostCheckThrew(string error) => "the :post-check failed: " + error;
    public static string PostCheckTimedOut(TimeSpan timeout) => string.Create(CultureInfo.InvariantCulture, $"the :post-check ran longer than {timeout.TotalSeconds:0.###} s");
    public const string WindowPassed = "rollback window closed, every check passed";
    public const string WindowEndedEarly = "rollback window ended early: promoted";
    public const string RolledBackByHost = "rolled back by the host";
    public const string RampDone = "the ramp reached 100 %";
    public const string PromotedByHost = "promoted by the host";
    public const string AbortedByHost = "aborted by the host";
    public static string WindowOpen(DateTimeOffset ends) => string.Create(CultureInfo.InvariantCulture, $"rollback window open until {ends:O}");
    public static string CanaryErrorRate(double canary, double stable, long canaryCalls, long stableCalls, double max) => string.Create(
        CultureInfo.InvariantCulture,
        $"canary error rate {canary:0.####} over {canaryCalls} calls exceeds the stable's {stable:0.####} over {stableCalls} calls by more than {max:0.####}");
    public static string RolloutRunning(string file, string kind, string changed) => $"{file} is in a {kind} of {changed}: promote or roll it back (abort a canary) before reloading it";
    public static string NoRollout(string file) => $"{file} has no safe-reload window or canary running";
    public static string ImportNotAModule(string import) => $"import of \"{import}\" is not a module: only .ai files are read as modules";
    public static string ImportOutsideRoots(string import, IEnumerable<string> roots) =>
        $"import of \"{import}\" reaches outside the module root ({string.Join(", ", roots)}); PluginHostOptions.AllowedRoots (fluentai: --root) can allow more folders";
    public static string NoCanary(string file) => $"{file} has no canary running";
    public static string CanaryNeedsSameState(string cell, long from, long to) =>
        $"a canary runs both versions on the same state, but state {cell} would migrate from v{from} to v{to}: use safe-reload for a state change";
    public static string NeedsRunningVersion(string file, string kind) => $"{file} is not loaded: a {kind} needs a running version to go back to (load it first)";
    public static string CheckOutsideCheck(string name) => $"({name}) reads the version under check: call it inside a :pre-check or :post-check";
    public static string SafeReloadSummary(string reloaded, TimeSpan window) => string.Create(CultureInfo.InvariantCulture, $"{reloaded}; rollback window open for {window.TotalSeconds:0.###} s");
    public static string CanarySummary(string file, long version, double weight) => string.Create(CultureInfo.InvariantCulture, $"Canary {file} v{version} serving {weight:0.##} % of calls");

    private static string Seconds(TimeSpan span) =>
        span.TotalSeconds >= 1 ? $"{span.TotalSeconds.ToString("0.###", System.Globalization.CultureInfo.InvariantCulture)} s" : $"{span.TotalMilliseconds.ToString("0.###", System.Globalization.CultureInfo.InvariantCulture)} ms";

    /// <summary>At most 200 characters of a quoted piece of input, so one bad value cannot flood a message.</summary>
    private static string Clip(string text) => text.Length <= 200 ? text : text[..200] + "...";
}
