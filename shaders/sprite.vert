#version 330 core
// Round sprites (discs, rings, the glowing point) in window pixels.
layout(location = 0) in vec4 aPositionOffset; // xy: corner position; zw: offset from the sprite's centre
layout(location = 1) in vec4 aColour;
layout(location = 2) in vec3 aShape;          // x: radius; y: width; z: shape (0 disc, 1 ring, 2 glow)

uniform vec2 uViewport;

out vec2 vOffset;
out vec4 vColour;
out vec3 vShape;

void main()
{
    vec2 p = aPositionOffset.xy;
    gl_Position = vec4(p.x / uViewport.x * 2.0 - 1.0, 1.0 - p.y / uViewport.y * 2.0, 0.0, 1.0);
    vOffset = aPositionOffset.zw;
    vColour = aColour;
    vShape = aShape;
}
