using CareSlot.Bench.Generate;

namespace CareSlot.Bench.Load;

public sealed record BookingOptions(Uri Url, string DataDirectory, int Patients, int Requests, int Connections, int MaxSeconds,
    int SlotsPerDoctor, string? ResultsFile, string Password, int Seed, int WarmUp)
{
    public static BookingOptions From(Arguments arguments)
    {
        var url = arguments.Text("url", "http://127.0.0.1:5080");
        var options = new BookingOptions(
            Uri.TryCreate(url, UriKind.Absolute, out var uri) ? uri : throw new ArgumentException("--url must be an absolute URL."),
            arguments.Text("data", "bench/out"),
            arguments.Number("patients", 200),
            arguments.Number("requests", 15_000),
            arguments.Number("connections", 64),
            arguments.Number("max-seconds", 120),
            arguments.Number("slots-per-doctor", 10),
            arguments.Text("results"),
            arguments.Text("password", GenerateOptions.PatientPassword),
            arguments.Number("seed", 7),
            arguments.Number("warm-up", 0));
        arguments.RejectUnknown();
        return options;
    }
}
