#version 330 core
in vec2 vOffset;
in vec4 vColour;
in vec3 vShape;

out vec4 fragColour;

void main()
{
    float d = length(vOffset);
    float radius = vShape.x;
    float width = vShape.y;
    int shape = int(vShape.z + 0.5);
    if (shape == 0)
    {
        float alpha = vColour.a * clamp(radius + 0.5 - d, 0.0, 1.0);
        fragColour = vec4(vColour.rgb * alpha, alpha);
    }
    else if (shape == 1)
    {
        float alpha = vColour.a * clamp(width * 0.5 + 0.5 - abs(d - radius), 0.0, 1.0);
        fragColour = vec4(vColour.rgb * alpha, alpha);
    }
    else
    {
        // A near-white core in a halo of the point's colour that falls off like a Gaussian.
        float core = clamp(radius + 0.5 - d, 0.0, 1.0);
        float sigma = max(width, 1.0) * 0.42;
        float halo = vColour.a * 0.9 * exp(-(d * d) / (2.0 * sigma * sigma));
        vec3 coreColour = mix(vColour.rgb, vec3(1.0), 0.55);
        vec3 rgb = coreColour * core + vColour.rgb * halo * (1.0 - core);
        float alpha = core + halo * (1.0 - core);
        fragColour = vec4(rgb, alpha);
    }
}
