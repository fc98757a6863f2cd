using System.Globalization;
using System.Text;
using Prometheus;

namespace Telemetry.Cli.Tests.Ingest;

/// <summary>The in-process value of <c>telemetry_produce_delivery_errors_total</c>, the ingest's delivery-failure series.</summary>
internal static class DeliveryErrorsMetric
{
    private const string Name = "telemetry_produce_delivery_errors_total ";

    public static async Task<double> ReadAsync()
    {
        using var text = new MemoryStream();
        await Metrics.DefaultRegistry.CollectAndExportAsTextAsync(text);
        foreach (var line in Encoding.UTF8.GetString(text.ToArray()).Split('\n'))
        {
            if (line.StartsWith(Name, StringComparison.Ordinal))
            {
                return double.Parse(line.AsSpan(Name.Length), CultureInfo.InvariantCulture);
            }
        }

        return 0;
    }
}
