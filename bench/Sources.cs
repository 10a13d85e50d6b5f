using System.Globalization;
using System.Text;

namespace FluentAI.Plugins.Benchmarks;

/// <summary>The FluentAI sources the benchmarks compile and run.</summary>
public static class Sources
{
    /// <summary>fib(30) = 832040.</summary>
    public const long Fib30 = 832040;

    /// <summary>Naive doubly recursive Fibonacci.</summary>
    public const string Fib = """
        (define (fib n)
          (if (< n 2) n (+ (fib (- n 1)) (fib (- n 2)))))
        """;

    /// <summary>
    /// A map-heavy loop: folds over (range 0 n), adding i to the value under one of 8 string keys
    /// chosen by i mod 8, with <c>get</c> and <c>assoc</c> on an immutable map.
    /// </summary>
    public const string MapLoop = """
        (define keys-list (list "k0" "k1" "k2" "k3" "k4" "k5" "k6" "k7"))

        (define (step m i)
          (let ((k (nth keys-list (mod i 8))))
            (assoc m k (+ (get m k 0) i))))

        (define (run n)
          (fold step (hash-map) (range 0 n)))
        """;

    /// <summary>The number of elements <see cref="MapLoop"/> folds over.</summary>
    public const int MapLoopCount = 10_000;

    /// <summary>The one-argument function called through a slot.</summary>
    public const string Identity = "(define (id x) x)";

    /// <summary>How many functions <see cref="Module100"/> defines besides <c>version</c>.</summary>
    public const int FunctionCount = 100;

    /// <summary>The sum 1 + 2 + ... + 99 that <c>f99</c> adds on top of <c>f0</c>.</summary>
    public const long ChainSum = 4950;

    /// <summary>Key of (i mod 8) after the map loop: the sum of i below n with that remainder.</summary>
    public static long MapLoopExpected(int key, int n = MapLoopCount)
    {
        long sum = 0;
        for (var i = key; i < n; i += 8)
        {
            sum += i;
        }

        return sum;
    }

    /// <summary>
    /// A module of 100 small functions, each calling the previous one, plus <c>(version)</c>
    /// returning <paramref name="constant"/>; <c>(f99 x)</c> = x + constant + 4950. Changing the
    /// constant changes the content hash, so the compile cache never hits.
    /// </summary>
    public static string Module100(long constant) => Module100Template.Prefix + constant.ToString(CultureInfo.InvariantCulture) + Module100Template.Suffix;

    /// <summary>A one-function module with the same <c>version</c> export as <see cref="Module100"/>.</summary>
    public static string SmallBase(long constant) => "(module base (export version))\n\n(define (version) " + constant.ToString(CultureInfo.InvariantCulture) + ")\n";

    /// <summary>A module that imports <c>base</c>, reads <c>(version)</c> at load time and exports <c>(g)</c> = that + <paramref name="index"/>.</summary>
    public static string Dependent(int index) => $$"""
        (module dep{{index}} (export g))
        (import "base" (version))

        (define at-load (version))

        (define (g) (+ at-load {{index}}))
        """;

    private static class Module100Template
    {
        public static readonly string Prefix;
        public static readonly string Suffix;

        static Module100Template()
        {
            var sb = new StringBuilder();
            sb.Append("(module base (export version f99))\n\n");
            sb.Append("(define (version) ");
            Prefix = sb.ToString();
            sb.Clear();
            sb.Append(")\n\n(define (f0 x) (+ x (version)))\n");
            for (var i = 1; i < FunctionCount; i++)
            {
                sb.Append(CultureInfo.InvariantCulture, $"(define (f{i} x)\n  (if (< x -1000000) (- 0 {i}) (+ (f{i - 1} x) {i})))\n");
            }

            Suffix = sb.ToString();
        }
    }
}
