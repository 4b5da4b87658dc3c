using System.Reflection;
using AwsAssumeRole.Core.Parameters;

namespace AwsAssumeRole.Core.Tests.Parameters;

public sealed class HopParametersTests
{
    /// <summary>
    /// The guard that lets a new parameter read from a profile reach the plan: FillFrom must carry
    /// every property, found by reflection, from the fallback when it is unset, and keep it when set.
    /// </summary>
    [Fact]
    public void FillFrom_fills_every_unset_property_from_the_fallback_and_keeps_every_set_one()
    {
        // Arrange
        // DurationOrigin goes with DurationSeconds (the next test), never on its own.
        var properties = typeof(HopParameters).GetProperties(BindingFlags.Public | BindingFlags.Instance)
            .Where(p => p.CanWrite && p.Name != nameof(HopParameters.DurationOrigin)).ToList();

        // Act and assert
        Assert.NotEmpty(properties);
        foreach (var property in properties)
        {
            var value = DifferentValue(property);
            var fallback = new HopParameters();
            property.SetValue(fallback, value);
            var filled = new HopParameters().FillFrom(fallback);
            Assert.True(Equals(value, property.GetValue(filled)), $"FillFrom does not carry HopParameters.{property.Name}: add it there");

            var own = new HopParameters();
            property.SetValue(own, value);
            var kept = own.FillFrom(new HopParameters());
            Assert.True(Equals(value, property.GetValue(kept)), $"FillFrom drops a set HopParameters.{property.Name}");
        }
    }

    [Fact]
    public void FillFrom_takes_the_duration_and_where_it_came_from_together()
    {
        // Arrange
        var profile = new HopParameters { DurationSeconds = 1800, DurationOrigin = "duration_seconds of profile 'a'" };

        // Act
        var fromProfile = new HopParameters().FillFrom(profile);
        var fromOption = new HopParameters { DurationSeconds = 900 }.FillFrom(profile);

        // Assert
        Assert.Equal((1800, "duration_seconds of profile 'a'"), (fromProfile.DurationSeconds, fromProfile.DurationSource));
        Assert.Equal((900, "--duration"), (fromOption.DurationSeconds, fromOption.DurationSource));
    }

    private static object DifferentValue(PropertyInfo property)
    {
        var type = Nullable.GetUnderlyingType(property.PropertyType) ?? property.PropertyType;
        return type == typeof(int) ? 1234
            : type == typeof(string) ? "changed"
            : type == typeof(SessionTagSet) ? SessionTags.Parse(["k=v"], ["k"])
            : type.IsAssignableFrom(typeof(string[])) ? new[] { "arn:aws:iam::aws:policy/X" }
            : throw new InvalidOperationException($"no different value for {property.Name} ({type.Name}): add one here");
    }
}
