using System.Globalization;
using CareSlot.Bench.Generate;

namespace CareSlot.Bench.Peak;

/// <param name="Label">What was measured, e.g. "1 instance" or "3 instances": the report draws one line per label.</param>
/// <param name="Steps">The concurrency of each step, rising: closed-loop clients, each sending its next request when the last is answered.</param>
public sealed record PeakOptions(Uri Url, string DataDirectory, string Label, IReadOnlyList<int> Steps, int StepSeconds, int WarmUpSeconds,
    int Patients, string? ResultsFile, string Password, int Seed, string? TrustedCertificate)
{
    public static PeakOptions From(Arguments arguments)
    {
        var url = arguments.Text("url", "http://127.0.0.1:5080");
        var steps = arguments.Text("steps", "4,8,16,32,64,128,256").Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries)
            .Select(step => int.TryParse(step, NumberStyles.None, CultureInfo.InvariantCulture, out var value) && value is > 0 and <= 4096
                ? value
                : throw new ArgumentException("--steps must be rising whole numbers from 1 to 4096, separated by commas, e.g. 8,16,32."))
            .ToList();
        if (steps.Count == 0 || steps.Zip(steps.Skip(1)).Any(pair => pair.Second <= pair.First))
            throw new ArgumentException("--steps must be rising whole numbers from 1 to 4096, separated by commas, e.g. 8,16,32.");
        var options = new PeakOptions(
            Uri.TryCreate(url, UriKind.Absolute, out var uri) ? uri : throw new ArgumentException("--url must be an absolute URL."),
            arguments.Text("data", "bench/out"),
            arguments.Text("label", "1 instance"),
            steps,
            arguments.Number("step-seconds", 20),
            arguments.Number("warm-up-seconds", 15),
            arguments.Number("patients", 500),
            arguments.Text("results"),
            arguments.Text("password", GenerateOptions.PatientPassword),
            arguments.Number("seed", 11),
            arguments.Text("trust-certificate"));
        arguments.RejectUnknown();
        return options;
    }
}
