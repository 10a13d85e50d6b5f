namespace FluentAI.Plugins.Compiler.Tests;

/// <summary><c>define-stateful</c>'s options as the compiler hands them to the host's environment.</summary>
public sealed class DefineStatefulTests
{
    [Fact]
    public void OnlyAFormWithMigrateToPassesDownMigrationsSoOtherFormsCallTheEnvironmentAsBefore()
    {
        var plain = Harness.EmitCSharp("(define-stateful s :version 2 :state 0 :migrate-from {1 (lambda (n) n)})");
        var down = Harness.EmitCSharp("(define-stateful s :migrate-to {1 (lambda (n) (- n 1))} :version 2 :state 0)");

        // The four-argument State: name, version, the :state thunk, :migrate-from (nil when absent).
        Assert.Contains("})));\n", plain, StringComparison.Ordinal);
        Assert.DoesNotContain("}), null, ", plain, StringComparison.Ordinal);

        // The five-argument one, with the :migrate-to map last, whatever the order of the options.
        Assert.Contains("}), null, FMap.Of(Boxes.Int(1L), new Lambda1(", down, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("(define-stateful s :version 2 :state 5 :migrate-to {1 (lambda (n) n)})")]
    [InlineData("(define-stateful s :migrate-to {1 (lambda (n) n)} :state 5 :version 2)")]
    [InlineData("(define-stateful s :state 5 :migrate-to {} :version 2 :migrate-from {1 (lambda (n) n)})")]
    [InlineData("(define low {0 (lambda (n) n)})\n(define-stateful s :version 2 :state 5 :migrate-to low)")]
    public void MigrateToIsAcceptedAnywhereAmongTheOptions(string form) =>
        Assert.Equal("5", Harness.Run(form + "\n(deref s)"));
}
