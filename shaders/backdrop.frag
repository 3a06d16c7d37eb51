#version 330 core
// Tints the four quadrants (or a valence gradient), and draws the rings, the axes and the rim, all
// analytically so every line is anti-aliased at any size.
in vec2 vOffset;

uniform float uRadius;            // circle radius in pixels
uniform int uColourMode;          // 0: by quadrant; 1: by valence
uniform vec4 uActivePositive;
uniform vec4 uActiveNegative;
uniform vec4 uPassivePositive;
uniform vec4 uPassiveNegative;
uniform vec4 uValenceNegative;
uniform vec4 uValenceNeutral;
uniform vec4 uValencePositive;
uniform vec4 uGrid;
uniform vec4 uAxis;
uniform vec4 uRim;

out vec4 fragColour;

// Coverage of a line of the given width (pixels) at distance d (pixels) from its centre.
float line(float d, float width)
{
    return clamp(width * 0.5 + 0.5 - abs(d), 0.0, 1.0);
}

// Premultiplied "over".
vec4 over(vec4 top, vec4 bottom)
{
    return top + bottom * (1.0 - top.a);
}

vec4 premultiplied(vec3 rgb, float alpha)
{
    return vec4(rgb * alpha, alpha);
}

void main()
{
    float d = length(vOffset);
    float r = d / uRadius;
    // Valence to the right, arousal up (window y grows downwards).
    float valence = vOffset.x / uRadius;
    float arousal = -vOffset.y / uRadius;

    vec4 tint;
    if (uColourMode == 1)
    {
        float v = clamp(valence, -1.0, 1.0);
        tint = v < 0.0 ? mix(uValenceNeutral, uValenceNegative, -v) : mix(uValenceNeutral, uValencePositive, v);
    }
    else
    {
        tint = arousal >= 0.0 ? (valence >= 0.0 ? uActivePositive : uActiveNegative)
                              : (valence >= 0.0 ? uPassivePositive : uPassiveNegative);
    }
    // Stronger towards the rim, where intensity is high; a soft edge at the circle itself.
    float inside = clamp(uRadius + 0.5 - d, 0.0, 1.0);
    vec4 colour = premultiplied(tint.rgb, (0.045 + 0.075 * r * r) * inside);

    // Rings at a quarter, half and three quarters of full intensity.
    float rings = 0.0;
    for (int i = 1; i <= 3; i++)
    {
        rings = max(rings, line(d - uRadius * 0.25 * float(i), 1.0));
    }
    colour = over(premultiplied(uGrid.rgb, uGrid.a * rings * inside), colour);

    // The axes, inside the circle.
    float axes = max(line(vOffset.x, 1.25), line(vOffset.y, 1.25)) * inside;
    colour = over(premultiplied(uAxis.rgb, uAxis.a * axes), colour);

    // The rim: the unit circle.
    colour = over(premultiplied(uRim.rgb, uRim.a * line(d - uRadius, 2.0)), colour);
    fragColour = colour;
}
