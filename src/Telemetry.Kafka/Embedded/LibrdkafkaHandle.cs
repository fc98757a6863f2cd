using System.Reflection;
using System.Runtime.InteropServices;
using Confluent.Kafka;

namespace Telemetry.Kafka.Embedded;

/// <summary>Reaches the native <c>rd_kafka_t*</c> behind a Confluent.Kafka client.</summary>
/// <remarks>
/// Confluent.Kafka has no public accessor for the native handle. <see cref="Handle"/> keeps it
/// in the non-public <c>LibrdkafkaHandle</c> property (a <see cref="SafeHandle"/>); this reads it
/// by reflection. A Confluent.Kafka release that renames or retypes that member breaks this
/// class, and <see cref="Of"/> then says so instead of failing obscurely.
/// </remarks>
internal static class LibrdkafkaHandle
{
    private const string MemberName = "LibrdkafkaHandle";

    private static readonly PropertyInfo? s_property =
        typeof(Handle).GetProperty(MemberName, BindingFlags.Instance | BindingFlags.NonPublic);

    /// <summary>The client's handle; callers add a reference around every native call.</summary>
    public static SafeHandle Of(IClient client)
    {
        ArgumentNullException.ThrowIfNull(client);
        if (s_property is null || !typeof(SafeHandle).IsAssignableFrom(s_property.PropertyType))
        {
            throw new InvalidOperationException(
                $"Confluent.Kafka {typeof(Handle).Assembly.GetName().Version} has no non-public SafeHandle " +
                $"property '{MemberName}' on {typeof(Handle).FullName}; the embedded Kafka needs it to reach the " +
                "librdkafka mock cluster. Use the Confluent.Kafka version pinned in Directory.Packages.props.");
        }

        return (SafeHandle?)s_property.GetValue(client.Handle)
            ?? throw new InvalidOperationException($"The client '{client.Name}' has no native handle.");
    }
}
